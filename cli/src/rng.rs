//! A tiny deterministic random source for generated demo and benchmark data: the same key gives
//! the same numbers on every run and every machine (no system randomness, no external crate).

/// SplitMix64, seeded from an FNV-1a hash of a key such as an organisation code.
pub struct Rng(u64);

impl Rng {
    /// A generator for `key` (an org code) and `salt` (what it generates), so the plan and the
    /// survey of one town draw independent numbers.
    pub fn seeded(key: &str, salt: &str) -> Rng {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in key.bytes().chain([0]).chain(salt.bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(hash)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n; 0 when n is 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p` (0 to 1).
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Fisher–Yates, in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// The index of a weighted choice (weights need not sum to anything in particular).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut target = self.unit() * f64::from(total);
        for (index, weight) in weights.iter().enumerate() {
            target -= f64::from(*weight);
            if target < 0.0 {
                return index;
            }
        }
        weights.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_numbers() {
        let a: Vec<u64> = {
            let mut rng = Rng::seeded("032018", "plan");
            (0..5).map(|_| rng.next_u64()).collect()
        };
        let mut rng = Rng::seeded("032018", "plan");
        let b: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(a, b);
        let mut other = Rng::seeded("032018", "survey");
        assert_ne!(a[0], other.next_u64());
    }

    #[test]
    fn ranges_hold() {
        let mut rng = Rng::seeded("x", "y");
        for _ in 0..1000 {
            assert!(rng.below(7) < 7);
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(rng.weighted(&[0, 3, 0]) == 1);
        }
        assert_eq!(rng.below(0), 0);
    }
}
