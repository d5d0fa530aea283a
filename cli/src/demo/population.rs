//! Populations of Iwate and its 33 municipalities, so the dashboard's population-class filter
//! has data. Approximate demo figures after the 2020 census (令和2年国勢調査), rounded from
//! memory: good enough to put each town in the right class, not to be quoted.

const POPULATIONS: [(&str, u32); 34] = [
    ("030007", 1_210_000), // 岩手県
    ("032018", 289_700),   // 盛岡市
    ("032026", 50_400),    // 宮古市
    ("032034", 34_700),    // 大船渡市
    ("032051", 93_200),    // 花巻市
    ("032069", 93_000),    // 北上市
    ("032077", 33_000),    // 久慈市
    ("032085", 25_400),    // 遠野市
    ("032093", 111_900),   // 一関市
    ("032107", 18_300),    // 陸前高田市
    ("032115", 32_100),    // 釜石市
    ("032131", 25_500),    // 二戸市
    ("032140", 24_100),    // 八幡平市
    ("032158", 112_900),   // 奥州市
    ("032166", 55_600),    // 滝沢市
    ("033014", 15_700),    // 雫石町
    ("033022", 5_700),     // 葛巻町
    ("033031", 12_300),    // 岩手町
    ("033219", 32_100),    // 紫波町
    ("033227", 26_700),    // 矢巾町
    ("033669", 5_100),     // 西和賀町
    ("033812", 15_500),    // 金ケ崎町
    ("034029", 7_000),     // 平泉町
    ("034410", 5_000),     // 住田町
    ("034614", 11_000),    // 大槌町
    ("034827", 14_300),    // 山田町
    ("034835", 8_700),     // 岩泉町
    ("034843", 3_100),     // 田野畑村
    ("034851", 2_500),     // 普代村
    ("035017", 8_400),     // 軽米町
    ("035033", 3_900),     // 野田村
    ("035068", 5_400),     // 九戸村
    ("035076", 15_100),    // 洋野町
    ("035246", 11_700),    // 一戸町
];

/// The demo population of an Iwate organisation, `None` for any other code.
pub fn population(code: &str) -> Option<u32> {
    POPULATIONS
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, population)| *population)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tsunagu_core::org::OrgCode;

    #[test]
    fn every_code_is_valid_and_listed_once() {
        for (index, (code, _)) in POPULATIONS.iter().enumerate() {
            let parsed = OrgCode::parse(code).expect("valid code");
            assert!(parsed.belongs_to_prefecture(3));
            assert!(POPULATIONS[..index].iter().all(|(seen, _)| seen != code));
        }
        assert_eq!(population("032085"), Some(25_400));
        assert_eq!(population("472018"), None);
    }
}
