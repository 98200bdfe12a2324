import Foundation

/// `renoplan init`: a commented starting scenario from what ``DataFolder`` found — which layer is
/// which, and the `columns:` mapping guessed from Chinese and English headers — for the planner to
/// check line by line (docs/data.md).
public enum ScenarioStarter {
    /// Header spellings per property, compared after ``normalise(_:)``.
    static let synonyms: [LayerKind: [String: [String]]] = [
        .estates: [
            "id": ["小区编号", "编号", "小区代码", "小区编码", "项目编号", "编码", "代码", "小区id", "xqbm", "code", "bm", "objectcode"],
            "name": ["小区名称", "名称", "小区名", "项目名称", "小区", "xqmc", "mc"],
            "built_year": ["建成年代", "建成年份", "建成时间", "竣工年份", "竣工年代", "竣工时间", "建造年代", "建成年", "年代", "builtyear", "year", "jcnd"],
            "households": ["户数", "总户数", "住户数", "居民户数", "户", "hs"],
            "population": ["人口", "人口数", "常住人口", "居住人口", "人数", "rk"],
            "floor_area_m2": ["建筑面积", "总建筑面积", "住宅建筑面积", "住宅面积", "floorarea", "area", "jzmj"],
            "consent": ["同意率", "居民同意率", "改造同意率", "意愿", "居民意愿"],
            "management_agreed": ["长效管理", "长效管理机制", "管理共识", "物业管理共识", "管理模式", "长效机制"],
            "safety_grade": ["安全等级", "鉴定等级", "房屋安全等级", "安全鉴定等级", "危房等级"],
            "complete_units": ["成套住宅", "成套", "是否成套"],
            "hazards": ["隐患", "安全隐患", "隐患类型", "存在隐患", "主要隐患", "隐患情况", "隐患内容"],
            "cost_yuan": [
                "改造估算", "投资估算", "估算投资", "改造费用", "总投资", "估算金额", "改造投资", "费用", "投资", "投资额", "估算费用",
                "改造资金", "工程费用", "总费用", "cost",
            ],
            "resident_yuan": ["居民出资", "居民筹资"],
            "utility_yuan": ["专营单位出资", "管线单位出资", "专业经营单位出资"],
            "social_yuan": ["社会资本", "社会资本出资", "社会资金"],
            "buildings": ["楼栋数", "栋数", "楼幢数", "幢数", "楼栋"],
        ],
        .facilities: [
            "id": ["编号", "设施编号", "poiid", "uid", "代码", "code"],
            "kind": ["类型", "类别", "设施类型", "种类", "大类", "type", "category"],
            "capacity_m2": ["面积", "建筑面积", "使用面积", "规模", "capacity", "area"],
            "name": ["名称", "设施名称", "name"],
        ],
        .sites: [
            "id": ["编号", "资源编号", "代码", "code"],
            "area_m2": ["可用面积", "面积", "建筑面积", "可利用面积", "area"],
            "cost_per_m2": ["单价", "每平米造价", "单方造价", "改造单价", "造价", "cost"],
            "kinds": ["可设功能", "用途", "功能", "拟设功能", "可用于"],
            "name": ["名称", "资源名称", "name"],
        ],
    ]

    static let xNames = [
        "经度", "lng", "lon", "long", "longitude", "x", "gcj经度", "x坐标", "横坐标", "点x", "东坐标",
        "gcjlng", "gcjlon", "bdlng", "bdlon", "bd09lng", "wgslng", "wgs84lng", "百度经度", "高德经度",
    ]
    static let yNames = [
        "纬度", "lat", "latitude", "y", "gcj纬度", "y坐标", "纵坐标", "点y", "北坐标",
        "gcjlat", "bdlat", "bd09lat", "wgslat", "wgs84lat", "百度纬度", "高德纬度",
    ]

    /// Lower case, without spaces, underscores, hyphens and a unit in brackets: `建筑面积（㎡）` →
    /// `建筑面积`, `Built_Year` → `builtyear`.
    static func normalise(_ header: String) -> String {
        var text = header
        for (open, close) in [("(", ")"), ("（", "）"), ("[", "]")] {
            while let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) {
                text.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        // A bracket opened and not closed: a unit cut off (a Shapefile's 10 bytes: 改造费用( ).
        if let open = text.lastIndex(where: { "(（[【".contains($0) }), open != text.startIndex { text = String(text[..<open]) }
        return PropertyNames.squash(text)
    }

    /// Whether a Shapefile's column name may have been cut at its 10 bytes: 9 bytes or more in
    /// GBK (a Chinese character is two; a cut never splits one there).
    static func mayBeCut(_ header: String) -> Bool {
        header.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 2) } >= 9
    }

    struct Guess {
        var columns: [(source: String, key: String, note: String?)] = []
        var unmapped: [String] = []
        var keysUsedAsIs: [String] = []
        var x: String?, y: String?
        /// Mapped columns whose names were cut where their unit was (`改造费用万`: 万元;
        /// `改造费用(`: lost, nil), for the layer's `units:`.
        var units: [(key: String, column: String, unit: String?)] = []

        func source(of key: String) -> String? {
            if keysUsedAsIs.contains(key) { return key }
            return columns.first { $0.key == key }?.source
        }
    }

    /// The `columns:` mapping for `headers`. `cutHeaders`: those that may be a Shapefile's
    /// 10-byte cut of a longer name (``mayBeCut(_:)``), matched as the start of a spelling
    /// (长效管理机 for 长效管理机制).
    static func guess(_ headers: [String], kind: LayerKind, coordinates: Bool, cutHeaders: Set<String> = []) -> Guess {
        var guess = Guess()
        let keys = kind.keys
        var taken = Set(headers.filter(keys.contains))
        guess.keysUsedAsIs = headers.filter(keys.contains)
        for header in headers where !keys.contains(header) {
            let normal = normalise(header)
            if coordinates, guess.x == nil, xNames.contains(normal) { guess.x = header; continue }
            if coordinates, guess.y == nil, yNames.contains(normal) { guess.y = header; continue }
            var found: (String, String?)?
            if let table = synonyms[kind] {
                for key in keys where !taken.contains(key) {
                    if table[key]?.contains(normal) == true { found = (key, nil); break }
                }
            }
            // A name cut short: 改造费用万 (改造费用万元), 长效管理机 (长效管理机制).
            if found == nil, let table = synonyms[kind] {
                if normal.count >= 3, normal.hasSuffix("万") {
                    let stem = String(normal.dropLast())
                    found = keys.first { key in
                        !taken.contains(key) && ColumnNames.cutUnit(header, key: key) != nil && table[key]?.contains(stem) == true
                    }.map { ($0, nil) }
                }
                if found == nil, cutHeaders.contains(header), normal.count >= 3 {
                    let longer = keys.filter { !taken.contains($0) }.compactMap { key in
                        table[key]?.first { $0.hasPrefix(normal) && $0.count > normal.count }.map { (key, $0) }
                    }
                    if longer.count == 1, let (key, spelled) = longer.first {
                        found = (key, "CHECK: a Shapefile's 10-byte cut of \(spelled)?")
                    }
                }
            }
            if found == nil, let (key, cut) = PropertyNames.nearMiss(header, keys: keys), !taken.contains(key) {
                found = (key, cut ? "a Shapefile's cut of \(key)" : "looks like \(key)")
            }
            guard let (key, why) = found else {
                guess.unmapped.append(header)
                continue
            }
            var note = why
            let conversion = ColumnNames.conversion(column: header, key: key)
            if let refused = conversion.refused {
                note = "CHECK: " + refused
            } else if let cut = conversion.cut {
                // The unit cut off the name goes into units:, where the reader takes it.
                if case .known(let unit, _) = cut {
                    guess.units.append((key, header, unit.text))
                    note = "CHECK: its name is cut short (a Shapefile's 10 bytes), ending in '\(cut.left)': in \(unit.text) (units, below)"
                } else {
                    guess.units.append((key, header, nil))
                    note = "CHECK: its name is cut short (a Shapefile's 10 bytes) where its unit was: see units, below"
                }
            } else if let unit = conversion.unit, conversion.factor != 1 {
                note = "read in \(unit.text): × \(ColumnNames.groupedThousands(conversion.factor)) into \(key)"
            } else if header.contains("万元") && key.hasSuffix("yuan") {
                note = "CHECK: in 万元? \(key) is in yuan: write the unit in the header, 改造估算（万元）, and it is converted"
            }
            taken.insert(key)
            guess.columns.append((header, key, note))
        }
        // Both coordinates in one column ("lng,lat", as Amap's API gives a POI's location).
        if coordinates, guess.x == nil, guess.y == nil,
            let pair = OGRLayerReader.coordinatePairColumn(in: headers)
        {
            guess.x = pair
            guess.y = pair
            guess.unmapped.removeAll { $0 == pair }
        }
        return guess
    }

    /// The unit to write in `units:` for a column whose name was cut (``Guess/units``), and the
    /// comment: the unit left in the name (`改造费用万`: 万元), else one told from the first rows'
    /// values against the households (UnitCheck's bounds: under 100 yuan or 10 m² per household
    /// cannot be yuan or m²), else CHECK, which validate refuses until a unit is written.
    static func unitCutOff(
        _ cut: (key: String, column: String, unit: String?), guess: Guess, samples: [String: [Double]]
    ) -> (unit: String, why: String) {
        let cutText = "'\(cut.column)' is cut short (a Shapefile's column names have 10 bytes)"
        if let unit = cut.unit { return (unit, "CHECK: \(cutText); what is left of its unit says \(unit)") }
        func median(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.sorted()[values.count / 2] }
        let bounds: [String: (larger: String, smaller: String, per: Double, unit: String)] = [
            "cost_yuan": ("万元", "元", UnitCheck.implausibleYuanPerHousehold, "yuan"),
            "floor_area_m2": ("万m2", "m2", UnitCheck.implausibleSquareMetresPerHousehold, "m²"),
        ]
        if let bound = bounds[cut.key], let value = median(samples[cut.column] ?? []),
            let households = guess.source(of: "households").flatMap({ median(samples[$0] ?? []) }), households > 0
        {
            let per = value / households
            let figures = "median \(formatNumber((value * 10).rounded() / 10)) against a median of \(formatNumber(households)) households "
                + "in the first rows"
            return per < bound.per
                ? (bound.larger, "CHECK: \(cutText) where its unit was; its values (\(figures)) are too small to be in \(bound.unit)")
                : (bound.smaller, "CHECK: \(cutText) where its unit was; its values (\(figures)) look like \(bound.unit)")
        }
        let units = ColumnNames.unit(ofKey: cut.key).map { ColumnNames.declarable(kind: $0.kind) } ?? []
        return ("CHECK", "\(cutText) where its unit was: write its unit (\(units.joined(separator: ", ")))")
    }

    /// YAML text for a scalar: plain when safe, else double-quoted.
    /// "1 row", "2 rows", "1 Polygon", "3 Polygons".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// A `where` that keeps the walkable lines of an OpenStreetMap layer: the lines of an OSM
    /// extract (`highway` beside `waterway`/`railway` columns) hold rivers, rail and power
    /// lines too; Geofabrik's roads (`fclass`) hold motorways no one walks along. nil for
    /// another layer.
    static func streetsOnly(_ layer: DataFolder.Layer) -> (condition: String, why: String)? {
        let columns = Set(layer.columns.map { $0.lowercased() })
        if columns.contains("highway"), !columns.isDisjoint(with: ["waterway", "railway", "aerialway", "power", "barrier"]) {
            return ("highway IS NOT NULL", "an OpenStreetMap lines layer: its streets and paths only")
        }
        if columns.contains("fclass"), columns.contains("osm_id") {
            return ("fclass NOT IN ('motorway', 'motorway_link', 'trunk', 'trunk_link')",
                    "Geofabrik's OpenStreetMap roads: not the motorways and trunk roads")
        }
        return nil
    }

    /// The web map a table of points came from, when its name or columns say so: Amap's and
    /// Tencent's points are GCJ-02 (their POI exports have `typecode`, `adcode`, `adname`),
    /// Baidu's BD-09. nil when nothing says.
    static func webMap(_ layer: DataFolder.Layer, x: String? = nil) -> (system: String, why: String)? {
        // The coordinate column taken may be named for its system (bd_lng, gcj_lng, wgs84_lng,
        // 百度经度), which says more than the file's name: scraped tables often carry all three.
        if let x = x.map(normalise) {
            if ["bd", "百度"].contains(where: x.hasPrefix) { return ("BD-09", "its x column says Baidu") }
            if ["gcj", "高德"].contains(where: x.hasPrefix) { return ("GCJ-02", "its x column says GCJ-02") }
            if x.hasPrefix("wgs") { return nil }
        }
        let name = layer.file.lowercased()
        if ["百度", "baidu", "bd09", "bd-09"].contains(where: name.contains) { return ("BD-09", "the file's name says Baidu") }
        if ["高德", "amap", "gaode", "腾讯", "tencent", "gcj"].contains(where: name.contains) {
            return ("GCJ-02", "the file's name says Amap/Tencent")
        }
        let amapColumns = ["typecode", "adcode", "adname", "pname", "cityname"]
        if layer.columns.filter({ amapColumns.contains($0.lowercased()) }).count >= 2 {
            return ("GCJ-02", "its columns are an Amap POI export's")
        }
        return nil
    }

    /// Where a layer's `crs` line came from: the file's code, or the zone its unnamed CRS is.
    static func crsSource(_ layer: DataFolder.Layer) -> String {
        if let zone = layer.eastingZone { return zoneNote(zone) }
        return layer.crsIsZoneGuess
            ? "CHECK: the file's CRS has no EPSG code; its projection is this CGCS2000 Gauss–Krüger zone's"
            : "from the file"
    }

    /// Why a layer without a CRS gets a numbered zone's.
    static func zoneNote(_ zone: Int) -> String {
        "CHECK: no CRS in the file; the eastings begin with the Gauss–Krüger zone number \(zone) (CGCS2000; "
            + "a Xi'an 1980 or Beijing 1954 survey has codes of its own)"
    }

    /// What a layer holds: "300 polygons", "110 rows", or for a layer that mixes geometries
    /// "34 points, 16 polygons" (most first).
    static func contents(_ layer: DataFolder.Layer) -> String {
        guard !layer.geometryCounts.isEmpty else {
            return count(layer.features, layer.geometry == .none ? "row" : layer.geometry.rawValue)
        }
        let order: [DataFolder.Layer.Geometry] = [.point, .polygon, .line, .none]
        return layer.geometryCounts.sorted { ($1.value, order.firstIndex(of: $0.key)!) < ($0.value, order.firstIndex(of: $1.key)!) }
            .map { $0.key == .none ? count($0.value, "feature") + " without geometry" : count($0.value, $0.key.rawValue) }
            .joined(separator: ", ")
    }

    /// Words in a line layer's file or layer name that say it holds walkways or streets (not 路
    /// alone: 铁路 is a railway; not 街道 alone: a 街道 is also a subdistrict).
    static let walkwayNames = [
        "walk", "foot", "path", "pedestrian", "sidewalk", "road", "street", "highway", "步行", "人行", "道路", "路网", "街巷",
        "巷道", "胡同", "慢行", "绿道",
    ]
    /// Column names (after ``normalise(_:)``) that say so: OpenStreetMap's `highway`, Geofabrik's
    /// `fclass`, and a road register's names and grades.
    static let walkwayColumns = [
        "highway", "footway", "fclass", "roadname", "streetname", "道路名称", "路名", "道路等级", "道路类型", "道路宽度",
    ]
    /// Words in a name that say a line layer is something else; such a layer is taken only when
    /// no other line layer is left.
    static let otherLineNames = ["rail", "river", "water", "contour", "boundary", "铁路", "河", "水系", "等高线", "界线", "边界", "管线"]

    /// The line layer `init` takes as walkways, why, and every line layer found.
    public struct WalkwayChoice: Sendable {
        public var layer: DataFolder.Layer
        /// "its name says 'walk'", "it has a column 'highway'", or nil when nothing says so.
        public var evidence: String?
        /// Every line layer of the folder, the chosen one first.
        public var lines: [DataFolder.Layer]

        /// For the scenario's comment and the console: which layer, why, and the others.
        public var note: String {
            let which = lines.count == 1 ? "the only line layer"
                : lines.allSatisfy({ $0.features <= layer.features }) ? "the largest line layer"
                : "the largest line layer not named as a railway, river, contour or boundary"
            let why = evidence.map { "because \($0)" } ?? "as \(which), though nothing in its name or columns says walkways or streets"
            var text = "CHECK: walkways taken from \(ScenarioStarter.label(layer)) (\(ScenarioStarter.contents(layer))) \(why): "
                + "is it the pedestrian network?"
            if lines.count > 1 {
                text += " \(lines.count) line layers: "
                    + lines.map { "\(ScenarioStarter.label($0)) (\(ScenarioStarter.contents($0)))" }.joined(separator: ", ")
            }
            return text
        }
    }

    /// "道路.shp", or "data.gpkg, layer roads" when the file has several layers.
    static func label(_ layer: DataFolder.Layer) -> String {
        layer.layersInFile > 1 ? "\(layer.file), layer \(layer.name)" : layer.file
    }

    /// The walkways: the line layer whose name or columns say walkways or streets, else the
    /// largest (more lines first, then folder order); nil when there is no line layer.
    public static func walkwayChoice(in data: DataFolder) -> WalkwayChoice? {
        func evidence(_ layer: DataFolder.Layer) -> String? {
            let name = (layer.file + " " + layer.name).lowercased()
            if let word = walkwayNames.first(where: name.contains) { return "its name says '\(word)'" }
            if let column = layer.columns.first(where: { walkwayColumns.contains(normalise($0)) }) { return "it has a column '\(column)'" }
            return nil
        }
        let lines = data.layers.filter { $0.geometry == .line }.enumerated()
            .map { position, layer in
                let evidence = evidence(layer)
                let other = otherLineNames.contains(where: (layer.file + " " + layer.name).lowercased().contains)
                return (layer: layer, evidence: evidence, key: (evidence != nil ? 2 : other ? 0 : 1, layer.features, -position))
            }
            .sorted { $0.key > $1.key }
        guard let first = lines.first else { return nil }
        return WalkwayChoice(layer: first.layer, evidence: first.evidence, lines: lines.map(\.layer))
    }

    static func scalar(_ text: String) -> String {
        let special = CharacterSet(charactersIn: ":#{}[],&*!|>'\"%@`?\\")
        let plain = !text.isEmpty && text.rangeOfCharacter(from: special) == nil && text.first != "-"
            && text.trimmedOfSpaces == text && Double(text) == nil
            && !["true", "false", "yes", "no", "null", "~", "y", "n", "on", "off"].contains(text.lowercased())
        if plain { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The scenario text for the layers found. `year` is the horizon's first year.
    public static func scenario(for data: DataFolder, name: String, year: Int) -> String {
        var out: [String] = [
            "# Written by `renoplan init` from the files in \(data.folder.lastPathComponent)/ (docs/data.md).",
            "# It is a guess: check every line, above all those marked CHECK, then run",
            "#   renoplan validate <this file>",
            "name: \(scalar(name))",
            "geodata:",
        ]
        let choice = choose(in: data)
        let estates = choice.estates
        let estateCRS = estates?.crs == "EPSG:4326" ? nil : estates?.crs
        var used: [String] = []

        func emit(_ kind: LayerKind, _ layer: DataFolder.Layer, tabular: Bool, table: DataFolder.Layer? = nil) {
            used.append("\(layer.file)#\(layer.name)")
            var geometryHeaders = layer.columns
            let cutHeaders = LayerFormat(URL(fileURLWithPath: layer.file)) == .shapefile ? Set(layer.columns.filter(mayBeCut)) : []
            var guess = guess(geometryHeaders, kind: kind, coordinates: tabular, cutHeaders: cutHeaders)
            var note = Self.contents(layer)
            if layer.layersInFile > 1 { note += " in layer \(layer.name) of \(layer.layersInFile)" }
            out.append("  \(kind.rawValue):                       # \(note)")
            out.append("    path: \(scalar(layer.file))")
            if layer.layersInFile > 1 || (tabular && LayerFormat(URL(fileURLWithPath: layer.file)) == .xlsx) {
                out.append("    layer: \(scalar(layer.name))")
            }
            if let crs = layer.crs, crs != "EPSG:4326", crs != estateCRS {
                out.append("    crs: \(crs)                 # " + Self.crsSource(layer))
            } else if kind != .estates, layer.crs == nil || layer.crs == "EPSG:4326", estateCRS != nil, !tabular {
                out.append("    crs: EPSG:4326            # CHECK: the file names no CRS or WGS 84")
            }
            // The encoding init read the text in, which the reader must be told (it applies to
            // the joined table too, where only text that is not UTF-8 is recoded).
            if let (encoding, why) = layer.encoding ?? table?.encoding {
                out.append("    encoding: \(encoding)            # \(why)")
            }
            if kind == .walkways, let (condition, why) = Self.streetsOnly(layer) {
                out.append("    where: \(scalar(condition))   # CHECK: \(why)")
            }
            if tabular {
                var (x, y) = (guess.x, guess.y)
                var swapped = false
                let held = x.flatMap { x in y.flatMap { y in SurveyCoordinates.classify(x: layer.samples[x] ?? [], y: layer.samples[y] ?? []) } }
                if held == .latLon { (x, y, swapped) = (y, x, true) }
                if case .metres(let northingFirst, let zone)? = held {
                    // Survey metres: in a zone the eastings name, else in the estates' CRS.
                    if northingFirst { (x, y, swapped) = (y, x, true) }
                    if let zone {
                        if let code = SurveyCoordinates.numberedZone(zone), code != estateCRS {
                            out.append("    crs: \(code)                 # \(Self.zoneNote(zone))")
                        }
                    } else if let estateCRS, let plain = SurveyCoordinates.plainZone(of: estateCRS) {
                        out.append("    crs: \(plain)                 # CHECK: metres without the zone number in front: the estates' zone, written so")
                    } else if estateCRS == nil, estates?.looksProjected != true {
                        out.append("    crs: CHECK                 # the x/y columns hold metres, and nothing names their CRS: give it, e.g. EPSG:4547")
                    } else {
                        out.append("    # CHECK: the x/y columns hold metres, read in the scenario's crs")
                    }
                } else if let (system, why) = Self.webMap(layer, x: x) {
                    out.append("    crs: \(system)               # CHECK: \(why)")
                } else {
                    out.append("    crs: EPSG:4326            # CHECK: WGS 84 lon/lat? Amap/Tencent points: GCJ-02; Baidu: BD-09")
                }
                let northings = held == .latLon
                    ? "        # CHECK: \(scalar(y ?? "")) holds the latitudes, so it is y"
                    : "        # CHECK: \(scalar(y ?? "")) holds the northings (X is north in Chinese surveying), so it is y"
                out.append("    x: \(scalar(x ?? "CHECK"))")
                out.append("    y: \(scalar(y ?? "CHECK"))" + (swapped ? northings : ""))
            }
            if let table {
                let tableGuess = ScenarioStarter.guess(table.columns, kind: kind, coordinates: false)
                let key = tableGuess.source(of: "id")
                out.append("    table: \(scalar(table.file))          # \(Self.count(table.features, "row")), joined to the geometries")
                if table.layersInFile > 1 || LayerFormat(URL(fileURLWithPath: table.file)) == .xlsx {
                    out.append("    sheet: \(scalar(table.name))")
                }
                out.append("    key: \(scalar(key ?? "CHECK"))" + (guess.source(of: "id") == nil ? "" : "")
                    + (key != nil && guess.source(of: "id") != key ? "                 # CHECK: the boundaries' id column is \(guess.source(of: "id") ?? "not found")" : ""))
                used.append("\(table.file)#\(table.name)")
                // Columns of both files; the table's win for the same property.
                geometryHeaders += table.columns.filter { !geometryHeaders.contains($0) }
                guess = ScenarioStarter.guess(geometryHeaders, kind: kind, coordinates: false, cutHeaders: cutHeaders)
            }
            if guess.columns.isEmpty {
                out.append("    columns: {}")
            } else {
                out.append("    columns:")
                for column in guess.columns {
                    out.append("      \(scalar(column.source)): \(column.key)" + (column.note.map { "        # \($0)" } ?? ""))
                }
            }
            if !guess.units.isEmpty {
                out.append("    units:")
                let samples = layer.samples.merging(table?.samples ?? [:]) { _, fromTable in fromTable }
                for cut in guess.units {
                    let (unit, why) = Self.unitCutOff(cut, guess: guess, samples: samples)
                    out.append("      \(cut.key): \(unit)            # \(why)")
                }
            }
            if !guess.keysUsedAsIs.isEmpty {
                out.append("    # read as they are: \(guess.keysUsedAsIs.joined(separator: ", "))")
            }
            let required: [String]
            switch kind {
            case .estates: required = ["id", "built_year", "households", "floor_area_m2", "consent"]
            case .facilities: required = ["id", "kind"]
            case .sites: required = ["id", "area_m2", "cost_per_m2"]
            case .walkways: required = []
            }
            for key in required where guess.source(of: key) == nil {
                out.append("    # CHECK: no column found for \(key) (required): add it to columns")
            }
            if !guess.unmapped.isEmpty && kind != .walkways {
                out.append("    # carried along, not used: \(guess.unmapped.joined(separator: ", "))")
            }
        }

        if let estates {
            let idColumn = guess(estates.columns, kind: .estates, coordinates: false).source(of: "id")
            let table = choice.tables.first { table in
                let tableID = guess(table.columns, kind: .estates, coordinates: false).source(of: "id")
                return tableID != nil && (tableID == idColumn || idColumn == nil || table.columns.contains(idColumn!))
            }
            if choice.polygons.count > 1 {
                let sites = choice.polygons.contains(where: saysSites) ? "which does not say it holds sites and " : ""
                out.append("  # CHECK: \(choice.polygons.count) polygon layers; the estates are taken from \(estates.file) (layer \(estates.name)), "
                    + "\(sites)whose columns name the most estate properties (\(estateColumns(estates)))")
            }
            emit(.estates, estates, tabular: false, table: table)
        } else if let library = choice.tables.first(where: holdsEstates) {
            let key = guess(library.columns, kind: .estates, coordinates: false).source(of: "id") ?? "CHECK"
            out.append("  estates: CHECK                # no polygon layer found: the estate boundaries are required. "
                + "\(library.file) has the estates' properties: join it to the boundaries with table: \(scalar(library.file)) and key: \(scalar(key))")
            used.append("\(library.file)#\(library.name)")
        } else {
            out.append("  estates: CHECK                # no polygon layer found: the estate boundaries are required")
        }
        if let facilities = choice.facilities {
            if let note = choice.facilitiesNote { out.append("  # \(note)") }
            emit(.facilities, facilities.layer, tabular: facilities.tabular)
        }
        if let sites = choice.sites {
            if let note = choice.sitesNote { out.append("  # \(note)") }
            emit(.sites, sites.layer, tabular: sites.tabular)
        }
        let walkways = choice.walkways
        if let walkways {
            out.append("  # walkways are used with distance: network (below)")
            out.append("  # \(walkways.note)")
            emit(.walkways, walkways.layer, tabular: false)
        }
        let rest = data.layers.filter { !used.contains("\($0.file)#\($0.name)") }
        for layer in rest { out.append("  # not used: \(layer.file) (layer \(layer.name), \(Self.contents(layer)))") }
        for skipped in data.skipped { out.append("  # could not be read: \(skipped.file): \(skipped.reason)") }
        for output in data.outputs { out.append("  # renoplan's own output, not data: \(output.file) (\(output.why))") }
        if let estateCRS {
            out.append("crs: \(estateCRS)                # the estates' CRS, " + Self.crsSource(estates!))
        } else if estates?.looksProjected == true {
            out.append("crs: CHECK                     # the estates' coordinates are projected metres, and the file names no CRS: give it, e.g. EPSG:4547")
        }
        if walkways != nil {
            out.append("distance: network              # CHECK: walking distance along the walkways; euclidean: straight lines, walkways not read")
        }
        out += [
            "horizon: {start: \(year), years: 3}           # CHECK: first year and length of the plan",
            "budget:",
            "  annual_yuan: 1.0e8                         # CHECK: public money per year, yuan (one amount, or one per year)",
            "# Every other key has its default: see docs/scenario.md.",
            "",
        ]
        return out.joined(separator: "\n")
    }
}
