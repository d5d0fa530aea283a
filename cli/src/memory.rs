//! The resident memory of every process of one process group (the worker and what runs it:
//! `scripts/lib/worker.sh` starts wrangler, its proxy and workerd in a group of their own),
//! sampled from /proc while a benchmark runs.

use std::fs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One process at one moment.
#[derive(Clone, Debug)]
pub struct Sample {
    pub at_s: f64,
    pub pid: u32,
    pub name: String,
    pub rss_bytes: u64,
}

/// Samples the group every `every` until stopped; returns every sample.
pub struct Sampler {
    stop: Arc<AtomicBool>,
    handle: JoinHandle<Vec<Sample>>,
}

impl Sampler {
    pub fn start(group: i32, every: Duration) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let handle = std::thread::spawn(move || {
            let started = Instant::now();
            let mut samples = Vec::new();
            while !flag.load(Ordering::Relaxed) {
                samples.extend(group_rss(group, started.elapsed().as_secs_f64()));
                std::thread::sleep(every);
            }
            samples.extend(group_rss(group, started.elapsed().as_secs_f64()));
            samples
        });
        Sampler { stop, handle }
    }

    pub fn finish(self) -> Vec<Sample> {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.join().unwrap_or_default()
    }
}

fn group_rss(group: i32, at_s: f64) -> Vec<Sample> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let page = 4096u64;
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // The name is in parentheses and may hold spaces: fields follow its last ')'.
            let (head, rest) = stat.rsplit_once(')')?;
            let name = head.split_once('(')?.1.to_string();
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // After the name: state, ppid, pgrp, …; rss (pages) is field 24 of the whole line.
            let pgrp: i32 = fields.get(2)?.parse().ok()?;
            let rss_pages: u64 = fields.get(21)?.parse().ok()?;
            (pgrp == group).then_some(Sample {
                at_s,
                pid,
                name,
                rss_bytes: rss_pages * page,
            })
        })
        .collect()
}

/// Each process's memory at the start, its largest and at the end, and the group's total over
/// time (every `step_s` seconds).
pub fn report(samples: &[Sample], step_s: f64) -> String {
    let mut pids: Vec<u32> = samples.iter().map(|s| s.pid).collect();
    pids.sort_unstable();
    pids.dedup();
    let mb = |b: u64| b as f64 / 1_048_576.0;
    let mut out = String::from("memory (RSS) of the worker's processes: first / largest / last\n");
    for pid in pids {
        let mine: Vec<&Sample> = samples.iter().filter(|s| s.pid == pid).collect();
        let (Some(first), Some(last)) = (mine.first(), mine.last()) else {
            continue;
        };
        let max = mine.iter().map(|s| s.rss_bytes).max().unwrap_or(0);
        out.push_str(&format!(
            "  {pid:>7} {:<16} {:>7.1} / {:>7.1} / {:>7.1} MB\n",
            first.name,
            mb(first.rss_bytes),
            mb(max),
            mb(last.rss_bytes)
        ));
    }
    out.push_str("  total over time:");
    let end = samples.iter().map(|s| s.at_s).fold(0.0, f64::max);
    let mut t = 0.0;
    while t <= end + 1e-9 {
        // The samples taken at the first moment at or after t.
        let at = samples
            .iter()
            .map(|s| s.at_s)
            .filter(|at| *at >= t)
            .fold(f64::INFINITY, f64::min);
        let total: u64 = samples
            .iter()
            .filter(|s| s.at_s == at)
            .map(|s| s.rss_bytes)
            .sum();
        out.push_str(&format!(" {t:.0}s {:.0} MB;", mb(total)));
        t += step_s;
    }
    out.push('\n');
    out
}
