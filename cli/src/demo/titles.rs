//! Realistic measure titles (個別施策) per taxonomy area, the departments that usually own them,
//! and which of a generated plan's three basic policies they fall under. Area ids are those of
//! core/data/taxonomy-national.json and taxonomy-iwate.json.

pub struct AreaTitles {
    pub area: &'static str,
    /// Index into [`POLICIES`].
    pub policy: usize,
    /// One of the six national priority areas (重点取組事項), whose measures plans flag 【重点】.
    pub national_priority: bool,
    pub departments: &'static [&'static str],
    pub titles: &'static [&'static str],
}

/// The three basic policies of a generated plan: id and title variants.
pub const POLICIES: [(&str, [&str; 3]); 3] = [
    (
        "service",
        [
            "住民サービスの利便性向上",
            "誰もが便利さを実感できる行政サービス",
            "暮らしに寄り添うデジタル化",
        ],
    ),
    (
        "efficiency",
        [
            "行政事務の効率化",
            "職員の働き方改革と業務改善",
            "スマートな自治体経営",
        ],
    ),
    (
        "foundation",
        [
            "デジタル基盤の強化",
            "地域を支えるデジタル基盤の整備",
            "安全・安心な情報基盤と地域産業のDX",
        ],
    ),
];

pub const AREAS: &[AreaTitles] = &[
    AreaTitles {
        area: "std",
        policy: 2,
        national_priority: true,
        departments: &["情報政策課", "総務課", "企画課"],
        titles: &[
            "基幹業務システムの標準準拠システムへの移行",
            "ガバメントクラウドへの移行",
            "現行システムの基礎調査とFit&Gap分析",
            "標準化に伴う業務フローの見直し",
            "共通機能（申請管理・宛名管理）の整備",
            "移行後の運用経費の検証",
        ],
    },
    AreaTitles {
        area: "mynumber",
        policy: 0,
        national_priority: true,
        departments: &["市民課", "住民課", "戸籍住民課"],
        titles: &[
            "マイナンバーカードの普及促進",
            "出張申請受付・休日窓口の開設",
            "マイナンバーカードを活用したコンビニ交付サービス",
            "マイナ保険証の利用促進",
            "公金受取口座登録の支援",
            "マイナンバーカードの図書館カード利用",
        ],
    },
    AreaTitles {
        area: "online",
        policy: 0,
        national_priority: true,
        departments: &["総務課", "企画課", "情報政策課"],
        titles: &[
            "行政手続のオンライン化",
            "子育て・介護関係26手続のぴったりサービス対応",
            "電子申請システムの導入",
            "窓口・施設使用料のキャッシュレス決済導入",
            "公共施設予約のオンライン化",
            "書かない窓口の導入",
            "押印・書面規制の見直し",
        ],
    },
    AreaTitles {
        area: "ai_rpa",
        policy: 1,
        national_priority: true,
        departments: &["情報政策課", "総務課", "行政改革推進室"],
        titles: &[
            "RPAによる定型業務の自動化",
            "AI-OCRによる紙帳票のデータ化",
            "AI音声認識による会議録作成",
            "生成AIの庁内利用ガイドライン策定",
            "AIチャットボットによる問い合わせ対応",
        ],
    },
    AreaTitles {
        area: "telework",
        policy: 1,
        national_priority: true,
        departments: &["総務課", "人事課", "職員課"],
        titles: &[
            "テレワーク環境の整備",
            "Web会議システムの導入",
            "ペーパーレス会議の推進",
            "職員用モバイル端末の配備",
            "電子決裁・文書管理システムの導入",
        ],
    },
    AreaTitles {
        area: "security",
        policy: 2,
        national_priority: true,
        departments: &["情報政策課", "総務課"],
        titles: &[
            "情報セキュリティポリシーの見直し",
            "職員向け情報セキュリティ研修の実施",
            "次期情報セキュリティクラウドへの移行",
            "ネットワーク分離モデルの見直し",
            "情報セキュリティ監査の実施",
            "ICT部門の業務継続計画（ICT-BCP）の策定",
        ],
    },
    AreaTitles {
        area: "organisation_structure",
        policy: 1,
        national_priority: false,
        departments: &["企画課", "総務課", "政策推進課"],
        titles: &[
            "DX推進本部の設置・運営",
            "DX推進担当部署の設置",
            "各課DX推進リーダーの配置",
            "外部デジタル人材（CIO補佐官）の登用",
        ],
    },
    AreaTitles {
        area: "organisation_people",
        policy: 1,
        national_priority: false,
        departments: &["総務課", "人事課"],
        titles: &[
            "全職員向けDX基礎研修の実施",
            "デジタル人材育成方針の策定",
            "管理職向けDXマネジメント研修",
            "ICTリーダー育成研修の実施",
        ],
    },
    AreaTitles {
        area: "organisation_planning",
        policy: 1,
        national_priority: false,
        departments: &["企画課", "政策推進課"],
        titles: &[
            "DX推進計画の進捗管理（PDCA）",
            "業務量調査とBPRの実施",
            "庁内業務の棚卸しと課題抽出",
        ],
    },
    AreaTitles {
        area: "society",
        policy: 0,
        national_priority: false,
        departments: &["企画課", "地域振興課", "防災危機管理課"],
        titles: &[
            "デマンド型交通の導入",
            "オープンデータの公開推進",
            "公共施設への公衆無線LAN整備",
            "観光情報のデジタル発信",
            "防災情報の多様な伝達手段の整備",
        ],
    },
    AreaTitles {
        area: "divide",
        policy: 0,
        national_priority: false,
        departments: &["生涯学習課", "地域福祉課", "企画課"],
        titles: &[
            "高齢者向けスマートフォン教室の開催",
            "デジタル活用支援員の配置",
            "公民館でのデジタル相談窓口の開設",
        ],
    },
    AreaTitles {
        area: "iwate_admin",
        policy: 1,
        national_priority: false,
        departments: &["総務課", "財政課", "会計課"],
        titles: &[
            "文書管理のペーパーレス化",
            "財務会計システムの電子決裁化",
            "電子契約の導入",
            "窓口予約・呼出システムの導入",
        ],
    },
    AreaTitles {
        area: "iwate_industry",
        policy: 2,
        national_priority: false,
        departments: &["農林課", "商工観光課", "水産課"],
        titles: &[
            "スマート農業の実証支援",
            "中小企業のデジタル化支援補助金",
            "ECサイトを活用した特産品の販路拡大",
            "ドローンを活用した森林資源調査",
        ],
    },
    AreaTitles {
        area: "iwate_society",
        policy: 0,
        national_priority: false,
        departments: &["健康福祉課", "子育て支援課", "学校教育課"],
        titles: &[
            "母子健康手帳アプリの導入",
            "オンライン診療の実証",
            "見守りセンサーによる高齢者の見守り",
            "GIGAスクール端末の活用推進",
            "子育て支援情報のアプリ配信",
        ],
    },
    AreaTitles {
        area: "iwate_foundation",
        policy: 2,
        national_priority: false,
        departments: &["企画課", "情報政策課"],
        titles: &[
            "光ファイバ網の整備支援",
            "携帯電話不感地域の解消",
            "庁内ネットワークの再構築",
            "地域データ連携基盤の検討",
        ],
    },
];

/// Why an open measure is behind, for its notes.
pub const DELAY_NOTES: &[&str] = &[
    "予算確保が遅れ、着手時期を見直し中",
    "担当職員の異動により進捗が停滞",
    "ベンダとの調整に時間を要している",
    "関係課との協議が継続中",
    "国の仕様確定待ち",
];

pub const WONT_DO_NOTES: &[&str] = &[
    "費用対効果を検討した結果、実施を見送り",
    "県の共同調達に参加するため単独での実施は行わない",
];

pub const NOT_APPLICABLE_NOTES: &[&str] = &[
    "対象となる業務・施設がないため対象外",
    "広域連合で対応するため対象外",
];

/// The plan's title, by variant.
pub const PLAN_TITLES: [&str; 3] = [
    "{name}DX推進計画",
    "{name}デジタル・トランスフォーメーション推進計画",
    "{name}自治体DX推進計画",
];

pub const VISIONS: [&str; 3] = [
    "デジタルの力で、誰もが暮らしやすいまちへ。",
    "住民に寄り添い、職員が生き生きと働ける役場を目指す。",
    "地域の魅力とデジタルをつなぎ、持続可能なまちをつくる。",
];

/// Every plan's vision starts with this, so nobody mistakes the demo for real data.
pub const DEMO_MARK: &str = "【デモ用の架空データ】実在の計画ではありません。";

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::domain::taxonomy;

    #[test]
    fn every_area_is_in_the_iwate_taxonomy_and_the_pool_is_large_enough() {
        let areas = taxonomy::merge(&taxonomy::national_default(), &taxonomy::iwate_pillars())
            .expect("taxonomy merges");
        for entry in AREAS {
            assert!(
                areas.iter().any(|area| area.id == entry.area),
                "{} is a taxonomy area",
                entry.area
            );
            assert!(entry.policy < POLICIES.len());
            assert!(!entry.departments.is_empty() && !entry.titles.is_empty());
        }
        let titles: usize = AREAS.iter().map(|entry| entry.titles.len()).sum();
        assert!(
            titles >= 40,
            "a plan of 40 measures needs 40 distinct titles"
        );
    }
}
