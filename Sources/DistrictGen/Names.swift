// Word lists for Chinese names. Names only need to look right in a report; duplicates are fine
// (real districts have several 铁路新村), since ids, not names, identify features.

enum Names {
    /// Place-name stems of the kind found in Wuhan's old districts (streets, former villages, slogans).
    static let placeStems = [
        "汉兴", "汉正", "江汉", "江岸", "武胜", "利济", "六角亭", "花楼", "黄浦", "球场", "宝丰", "常青",
        "唐家墩", "新华", "民主", "胜利", "红旗", "友谊", "解放", "复兴", "工农", "和平", "幸福", "建设",
        "长江", "光明", "前进", "东风", "永安", "同心", "振兴", "华中", "台北", "三眼桥", "姑嫂树", "西马",
        "满春", "大智", "一元", "车站", "四唯", "后湖", "塔子湖", "二七", "惠济", "永清", "三阳", "中山",
        "民族", "民权", "崇仁", "汉阳", "鹦鹉", "琴台", "月湖", "晴川", "首义", "紫阳", "积玉桥", "徐家棚",
        "杨园", "水果湖", "中南", "洪山", "关山", "青山", "钢花", "红卫", "白玉山", "新沟桥",
    ]

    /// Work units that built staff housing (单位宿舍) in the 1950s–1990s.
    static let workUnits = [
        "纺织厂", "铁路", "机床厂", "邮电局", "供电局", "电车公司", "轮渡公司", "重型机床厂", "肉联厂",
        "棉纺厂", "印染厂", "汽车配件厂", "自来水公司", "水泥厂", "粮食局", "航运局", "港务局", "锅炉厂",
        "造纸厂", "卷烟厂", "第一医院", "商业局", "木材厂", "针织厂", "柴油机厂", "电缆厂", "制药厂",
        "无线电厂", "百货公司", "建工局", "武钢", "长航", "冶金设计院",
    ]

    static let workUnitSuffixes = ["宿舍", "宿舍", "家属院", "新村", "生活区"]
    static let oldSuffixes = ["新村", "里", "里小区", "小区", "大院", "新村", "里"]
    static let ninetiesSuffixes = ["小区", "小区", "新村", "花园", "里小区", "公寓", "小区"]
    static let newSuffixes = ["花园", "小区", "公寓", "苑", "家园", "雅苑", "华庭", "花园"]
    static let phases = ["一期", "二期", "三期", "东区", "西区", "南区", "北区"]

    /// An estate name in the style of its era: work-unit housing and 里/新村 for the old ones,
    /// 小区 and 花园 for the 1990s, 苑 and 华庭 after 2000.
    static func estateName(builtYear: Int, rng: inout Xoshiro256StarStar) -> String {
        if builtYear < 1995, rng.chance(0.35) {
            return rng.pick(workUnits) + rng.pick(workUnitSuffixes)
        }
        let suffixes = builtYear < 1990 ? oldSuffixes : builtYear <= 2000 ? ninetiesSuffixes : newSuffixes
        let name = rng.pick(placeStems) + rng.pick(suffixes)
        return rng.chance(0.08) ? name + rng.pick(phases) : name
    }

    /// Name endings per facility kind, written after the community's stem.
    static let facilityEndings: [String: [String]] = [
        "elderly_care": ["街社区养老服务中心", "老年公寓", "社区养老院", "颐养中心", "街综合养老服务中心"],
        "day_care": ["社区老年人日间照料中心", "社区嵌入式养老服务站", "社区长者食堂及日间照料站"],
        "clinic": ["社区卫生服务站", "街社区卫生服务中心", "门诊部"],
        "kindergarten": ["幼儿园", "第二幼儿园", "实验幼儿园", "街中心幼儿园"],
        "market": ["菜市场", "农贸市场", "生鲜市场"],
        "fitness": ["全民健身点", "健身广场", "口袋公园健身点", "社区乒乓球台"],
    ]

    static func facilityName(kind: String, stem: String, rng: inout Xoshiro256StarStar) -> String {
        // Looked up by a fixed key, never iterated: dictionary order cannot reach the output.
        let endings = facilityEndings[kind] ?? [kind]
        return stem + rng.pick(endings)
    }
}
