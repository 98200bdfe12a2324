import Foundation

/// `renoplan compare A B`: what moved between two plans' output folders, and their per-year
/// figures side by side. Works on the files alone, so any two `plan` or `rank` folders compare.
///
/// Values are comparable only on one footing: a plan's value of year t is discounted by
/// discount^(t − first year of its horizon). When the two horizons differ (a revised plan with
/// the horizon rolled forward) or their discounts do, compare says so, names each plan's horizon
/// and the years they share, labels the value columns with the year each is discounted to, and
/// gives no percentage between the two objectives.
public enum Comparison {
    struct Side {
        var folder: String
        var summary: JSONValue
        var features: [JSONValue]
        var yearByID: [String: Int?]
        /// The estates' names, for the table of moves (officials know estates by name).
        var nameByID: [String: String] = [:]
        var norms: [(kind: String, m2PerPerson: Double)]
        /// The horizon's years, from summary.json.
        var years: [Int]
        /// summary.json's `discount` (nil in folders written before it was recorded).
        var discount: Double?

        init(_ url: URL) throws {
            folder = url.lastPathComponent
            summary = try JSONIO.decodeFile(url.appendingPathComponent("summary.json"))
            features = try JSONIO.decodeFile(url.appendingPathComponent("plan.geojson"))["features"]?.arrayValue ?? []
            var years: [String: Int?] = [:]
            for feature in features {
                guard let id = feature["properties"]?["id"]?.stringValue else { continue }
                years[id] = feature["properties"]?["year"]?.numberValue.map { Int($0) }
                if let name = feature["properties"]?["name"]?.stringValue, !name.isEmpty { nameByID[id] = name }
            }
            yearByID = years
            norms = (summary["norms"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map {
                ($0.key, $0.value["m2_per_person"]?.numberValue ?? 0)
            }
            self.years = (summary["years"]?.arrayValue ?? []).compactMap { $0["year"]?.numberValue.map { Int($0) } }
            discount = summary["discount"]?.numberValue
        }

        /// `[first, last]` of the horizon, for compare.json.
        var horizon: JSONValue {
            guard let first = years.first, let last = years.last else { return .null }
            return [.number(Double(first)), .number(Double(last))]
        }

        /// summary.json's `status` is `ranked`: `renoplan rank`, today's practice, which does not
        /// hold the facility norms.
        var isRanked: Bool { summary["status"]?.stringValue == SolveStatus.ranked.rawValue }

        /// Planned estates (any year), and of them those short of the norm in their year where a
        /// plan with the norm would hold them to it (`norm_enforced`: the norm is attainable for
        /// them). Nil where plan.geojson does not give the norm (another scenario's).
        func shortOfNorm(_ kind: String, _ m2PerPerson: Double) -> (planned: Int, short: Int)? {
            let planned = features.compactMap { $0["properties"] }.filter { ($0["year"]?.numberValue) != nil }
            func enforced(_ p: JSONValue) -> Bool? {
                if case .bool(let flag)? = p["norm_enforced"]?[kind] { return flag }
                return nil
            }
            guard planned.allSatisfy({ enforced($0) != nil }) else { return nil }
            let short = planned.filter { p in
                enforced(p) == true && (p["access_in_year"]?[kind]?.numberValue ?? 0) < m2PerPerson - 1e-9
            }.count
            return (planned.count, short)
        }

        /// Planned estates of `year` whose access in their year meets the norm.
        func meetingNorm(_ kind: String, _ m2PerPerson: Double, year: Int) -> Int {
            features.filter { feature in
                let p = feature["properties"]
                return p?["year"]?.numberValue == Double(year)
                    && (p?["access_in_year"]?[kind]?.numberValue ?? 0) >= m2PerPerson - 1e-9
            }.count
        }
    }

    /// The two folders' names for titles and tables: their last names (`plan-2025`, `plan-2026`),
    /// or, where those are the same, as many of their last path components as tell them apart
    /// (`rk/a` and `pl/a`, not `a` and `a`).
    public static func distinctNames(_ a: URL, _ b: URL) -> (String, String) {
        let x = a.standardizedFileURL.pathComponents, y = b.standardizedFileURL.pathComponents
        for count in 1...max(1, max(x.count, y.count)) {
            let (p, q) = (x.suffix(count), y.suffix(count))
            if p != q || count >= max(x.count, y.count) {
                func name(_ parts: ArraySlice<String>) -> String { parts.joined(separator: "/").replacingOccurrences(of: "//", with: "/") }
                return (name(p), name(q))
            }
        }
        return (a.lastPathComponent, b.lastPathComponent)
    }

    /// Beside the value sentence, when one side is a ranked list (`rank`, today's practice) and
    /// the other a plan with facility norms: the ranked list does not hold the norms, how many of
    /// its planned estates fall short of each in their year where the plan would hold them to it,
    /// and, when the plan is worth less, that this is the price of meeting them. Empty otherwise.
    static func normsNotHeld(_ left: Side, _ right: Side, _ objectiveA: Double, _ objectiveB: Double, _ w: Wording) -> String {
        guard left.isRanked != right.isRanked else { return "" }
        let (ranked, plan) = left.isRanked ? (left, right) : (right, left)
        let (r, p) = left.isRanked ? ("A", "B") : ("B", "A")
        guard !plan.norms.isEmpty else { return "" }
        let shortfalls = plan.norms.compactMap { norm in ranked.shortOfNorm(norm.kind, norm.m2PerPerson).map { (norm, $0) } }
        guard let planned = shortfalls.first?.1.planned else { return "" }
        let short = shortfalls.filter { $0.1.short > 0 }
        var text = w.text(
            "\(r)按得分排序（现行做法），不执行设施配建标准",
            " \(r) is ranked by score (today's practice) and does not hold the facility norms")
        if short.isEmpty {
            return text + w.text(
                "；其计划改造的\(grouped(planned))个小区在改造当年均已达标。",
                "; all its \(grouped(planned)) planned estates meet them in their year.")
        }
        let clauses = short.map { norm, counts in
            w.text(
                "\(grouped(counts.short))个在改造当年未达到\(w.kind(norm.kind))标准（\(w.perPerson(norm.m2PerPerson))）",
                "\(grouped(counts.short)) fall short of the \(norm.kind) norm (\(w.perPerson(norm.m2PerPerson))) in their year")
        }
        text += w.text(
            "：其计划改造的\(grouped(planned))个小区中，有\(w.list(clauses))，而这些小区本可达标，\(p)要求其达标",
            ": of its \(grouped(planned)) planned estates, \(clauses.joined(separator: " and ")), although they could reach it, as \(p) requires")
        // The plan worth less than the ranked list: the difference is what the norms cost.
        let planValue = left.isRanked ? objectiveB : objectiveA, rankedValue = left.isRanked ? objectiveA : objectiveB
        if planValue < rankedValue {
            text += w.text("；\(p)的价值较低，是满足配建标准的代价。", ". \(p)'s lower value is the price of meeting them.")
        } else {
            text += w.text("。", ".")
        }
        return text
    }

    /// Renders `compare.json`, `compare.md` and `compare.geojson`.
    public static func files(_ a: URL, _ b: URL) throws -> [(name: String, data: Data)] {
        var left = try Side(a), right = try Side(b)
        (left.folder, right.folder) = distinctNames(a, b)
        let ids = Set(left.yearByID.keys).union(right.yearByID.keys).sorted()
        let changes = ids.filter { (left.yearByID[$0] ?? nil) != (right.yearByID[$0] ?? nil) }
        // Estates B marks completed (a revised plan): done, not dropped.
        let completed = Set(right.features.compactMap { f -> String? in
            f["properties"]?["status"]?.stringValue == EstateStatus.completed.rawValue ? f["properties"]?["id"]?.stringValue : nil
        })
        func year(_ value: Int??) -> JSONValue { (value ?? nil).map { .number(Double($0)) } ?? .null }

        let leftYears = left.summary["years"]?.arrayValue ?? []
        let rightYears = right.summary["years"]?.arrayValue ?? []
        let calendar = (leftYears + rightYears).compactMap { $0["year"]?.numberValue.map { Int($0) } }
        let yearsSorted = Array(Set(calendar)).sorted()
        func figures(_ side: Side, _ rows: [JSONValue], _ y: Int) -> JSONValue {
            guard let row = rows.first(where: { $0["year"]?.numberValue == Double(y) }) else { return .null }
            let households = row["households"]?.numberValue ?? 0
            let extended = row["extended_households"]?.numberValue ?? 0
            var norms: [String: JSONValue] = [:]
            for norm in side.norms { norms[norm.kind] = .number(Double(side.meetingNorm(norm.kind, norm.m2PerPerson, year: y))) }
            return [
                "estates": row["estates"] ?? .null, "households": row["households"] ?? .null,
                "spend_yuan": row["spend_yuan"] ?? .null, "budget_yuan": row["budget_yuan"] ?? .null,
                "extended_share": .rounded(households > 0 ? extended / households : 0, 6),
                "value": row["value"] ?? .null, "estates_meeting_norm": .object(norms),
            ]
        }
        func header(_ side: Side) -> JSONValue {
            ["folder": .string(side.folder), "scenario": side.summary["scenario"] ?? .null,
             "status": side.summary["status"] ?? .null, "objective": side.summary["objective"] ?? .null,
             "horizon": side.horizon, "discount": side.discount.map { .number($0) } ?? .null]
        }
        // One footing for the values: the same years, discounted alike (a folder that does not
        // record its discount is taken to use the other's).
        let sameHorizon = left.years == right.years
        let sameDiscount = left.discount == nil || right.discount == nil || left.discount == right.discount
        let comparable = sameHorizon && sameDiscount
        let common = left.years.filter(right.years.contains)
        let json: JSONValue = [
            "a": header(left), "b": header(right),
            "values_comparable": .bool(comparable),
            "common_years": .array(common.map { .number(Double($0)) }),
            "changes": .array(changes.map { ["id": .string($0), "a_year": year(left.yearByID[$0]), "b_year": year(right.yearByID[$0])] }),
            "years": .array(yearsSorted.map { y in
                ["year": .number(Double(y)), "a": figures(left, leftYears, y), "b": figures(right, rightYears, y)]
            }),
        ]

        // A map of what moved, with B's geometry (A's for estates only A has).
        let byID = Dictionary((left.features + right.features).compactMap { f in
            f["properties"]?["id"]?.stringValue.map { ($0, f) }
        }, uniquingKeysWith: { _, last in last })
        let features: [JSONValue] = changes.compactMap { id in
            guard let feature = byID[id] else { return nil }
            let a = left.yearByID[id] ?? nil, b = right.yearByID[id] ?? nil
            let change = a == nil ? "added" : (b == nil ? (completed.contains(id) ? "completed" : "removed") : "moved")
            return ["type": "Feature", "geometry": feature["geometry"] ?? .null, "properties": [
                "id": .string(id), "name": feature["properties"]?["name"] ?? .null,
                "a_year": year(a), "b_year": year(b), "change": .string(change),
            ]]
        }

        // In A's report language (summary.json's `report_language`; English for folders written
        // before it was recorded).
        let language = (left.summary["report_language"] ?? right.summary["report_language"])?.stringValue.flatMap(ReportLanguage.init)
        let w = Wording(language ?? .en)
        func status(_ side: Side) -> String {
            let raw = side.summary["status"]?.stringValue ?? ""
            return SolveStatus(rawValue: raw).map(w.solveStatus) ?? raw
        }
        var md = [w.text("# \(left.folder) 与 \(right.folder) 的比较", "# \(left.folder) compared with \(right.folder)"), ""]
        let objectiveA = left.summary["objective"]?.numberValue, objectiveB = right.summary["objective"]?.numberValue
        md.append("| | A: \(left.folder) | B: \(right.folder) |")
        md.append("|---|---|---|")
        md.append("| \(w.text("求解状态", "status")) | \(status(left)) | \(status(right)) |")
        func horizon(_ side: Side) -> String {
            guard let first = side.years.first, let last = side.years.last else { return "–" }
            return w.years(first, last)
        }
        md.append("| \(w.text("规划期", "horizon")) | \(horizon(left)) | \(horizon(right)) |")
        md.append("| \(w.text("目标值（价值）", "objective (value)")) | \(objectiveA.map { String(format: "%.2f", $0) } ?? "–") | \(objectiveB.map { String(format: "%.2f", $0) } ?? "–") |")
        if !comparable {
            // Not a value difference: each plan's value is discounted to its own first year.
            func base(_ side: Side) -> String { side.years.first.map(w.year) ?? "–" }
            func rate(_ side: Side) -> String { side.discount.map { formatNumber($0) } ?? "–" }
            let shared = common.isEmpty ? w.text("两者没有共同的年度。", "they share no year.")
                : w.text("共同年度为\(w.years(common.first!, common.last!))，下表中这几年的小区、户数、支出等可直接比较，价值不可。",
                         "the years they share are \(w.years(common.first!, common.last!)), where the estates, households and spending below compare directly and the values do not.")
            md.append("")
            md.append(sameHorizon
                ? w.text(
                    "A与B的折现系数不同（A：\(rate(left))，B：\(rate(right))），两者的价值不在同一基础上，不比较目标值；下表各年的户数、支出等可直接比较。",
                    "A and B discount their values differently (A: \(rate(left)), B: \(rate(right))), so their values are not on one footing and their objectives are not compared; the households, spending and other figures per year below compare directly.")
                : w.text(
                    "A与B的规划期不同（A：\(horizon(left))，B：\(horizon(right))），各自的价值按本规划期第一年（A：\(base(left))，B：\(base(right))）折现，不在同一基础上，不比较目标值；\(shared)",
                    "A and B cover different horizons (A: \(horizon(left)), B: \(horizon(right))): each plan's value is discounted to its own first year (A: \(base(left)), B: \(base(right))), so their values are not on one footing and their objectives are not compared; \(shared)"))
        } else if let objectiveA, let objectiveB, objectiveA > 0 {
            let ratio = objectiveB / objectiveA - 1
            md.append("")
            md.append(w.text(
                "B的价值比A\(ratio < 0 ? "低" : "高")\(String(format: "%.1f%%", abs(ratio) * 100))。",
                ratio == 0 ? "B gives the same value as A." : "B gives \(String(format: "%.1f%%", abs(ratio) * 100)) \(ratio < 0 ? "less" : "more") value than A.")
                + normsNotHeld(left, right, objectiveA, objectiveB, w))
        }
        md.append("")
        // Values on different footings say what each is discounted to.
        func valueHeader(_ side: Side, _ name: String) -> String {
            guard !comparable, let first = side.years.first else { return w.text("价值 \(name)", "value \(name)") }
            return w.text("价值 \(name)（按\(first)年折现）", "value \(name) (discounted to \(first))")
        }
        // Per norm kind (either plan's), the planned estates of the year that meet it.
        let normKinds = Array(Set((left.norms + right.norms).map(\.kind))).sorted()
        let normHeaders = normKinds.flatMap { kind in
            ["A", "B"].map { w.text("\(w.kind(kind))达标 \($0)", "meeting \(w.kind(kind)) norm \($0)") }
        }
        md.append(w.text(
            "| 年度 | 小区 A | 小区 B | 户数 A | 户数 B | 支出 A | 支出 B | 扩展类占比 A | 扩展类占比 B | \(valueHeader(left, "A")) | \(valueHeader(right, "B")) |",
            "| year | estates A | estates B | households A | households B | spend A | spend B | extended A | extended B | \(valueHeader(left, "A")) | \(valueHeader(right, "B")) |")
            + normHeaders.map { " \($0) |" }.joined())
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + String(repeating: "---:|", count: normHeaders.count))
        for row in json["years"]!.arrayValue! {
            let a = row["a"]!, b = row["b"]!
            func n(_ v: JSONValue?) -> String { v?.numberValue.map { grouped(Int($0.rounded())) } ?? "–" }
            func m(_ v: JSONValue?) -> String { v?.numberValue.map(w.money) ?? "–" }
            func p(_ v: JSONValue?) -> String { v?.numberValue.map(percent1) ?? "–" }
            func f(_ v: JSONValue?) -> String { v?.numberValue.map { String(format: "%.1f", $0) } ?? "–" }
            let meeting = normKinds.flatMap { kind in [a, b].map { " \(n($0["estates_meeting_norm"]?[kind])) |" } }.joined()
            md.append("| \(Int(row["year"]!.numberValue!)) | \(n(a["estates"])) | \(n(b["estates"])) | \(n(a["households"])) | \(n(b["households"])) | \(m(a["spend_yuan"])) | \(m(b["spend_yuan"])) | \(p(a["extended_share"])) | \(p(b["extended_share"])) | \(f(a["value"])) | \(f(b["value"])) |" + meeting)
        }
        md.append("")
        let done = changes.filter(completed.contains).count
        md.append(w.text(
            "\(changes.count)个小区的年度不同" + (done > 0 ? "（其中\(done)个在B中已完成）" : "") + "。",
            "\(changes.count) estate\(changes.count == 1 ? "" : "s") change year" + (done > 0 ? " (\(done) of them completed in B)" : "") + "."))
        if !changes.isEmpty {
            md.append("")
            md.append(w.text("| 小区 | 名称 | A | B |", "| estate | name | A | B |"))
            md.append("|---|---|---:|---:|")
            for id in changes {
                let b = (right.yearByID[id] ?? nil).map(String.init) ?? (completed.contains(id) ? w.text("已完成", "completed") : "–")
                let name = (right.nameByID[id] ?? left.nameByID[id] ?? "").replacingOccurrences(of: "|", with: "\\|")
                md.append("| \(id) | \(name) | \((left.yearByID[id] ?? nil).map(String.init) ?? "–") | \(b) |")
            }
        }
        md.append("")
        return [
            ("compare.json", try JSONIO.encode(json, pretty: true)),
            ("compare.md", Data(md.joined(separator: "\n").utf8)),
            ("compare.geojson", try JSONIO.encode(GeoJSONWriter.featureCollection(features))),
        ]
    }
}
