import Foundation

extension ScenarioStarter {
    /// Which layer of a folder `init` takes for each `geodata` layer, and why: what the
    /// scenario's comments and the console both say (docs/data.md, *The starter*).
    public struct Choice: Sendable {
        /// The estates (a polygon layer) and the polygon layers it was chosen from, best first.
        public var estates: DataFolder.Layer?
        var polygons: [DataFolder.Layer] = []
        /// Layers without geometry that are not tables of points: reserve libraries and notes.
        var tables: [DataFolder.Layer] = []
        /// The facilities (`tabular`: a table with coordinate columns), the other facility
        /// layers not used (geodata.facilities takes one layer), and why this one, when its name
        /// says it holds them all.
        var facilities: (layer: DataFolder.Layer, tabular: Bool)?
        public var otherFacilities: [DataFolder.Layer] = []
        var facilitiesEvidence: String?
        /// The sites (a point or polygon layer, or a table of points) and why.
        var sites: (layer: DataFolder.Layer, tabular: Bool)?
        var sitesEvidence: String?
        public var walkways: WalkwayChoice?

        /// The note on the facilities, for the scenario's comment and the console: which layer
        /// and, when there are other facility layers, that they are not used and how to merge
        /// them; nil with one facility layer.
        public var facilitiesNote: String? {
            guard let chosen = facilities?.layer, facilitiesEvidence != nil || !otherFacilities.isEmpty else { return nil }
            // Layers of the chosen layer's file by their names alone: "layers 幼儿园 (12 points), …".
            let sameFile = otherFacilities.allSatisfy { $0.file == chosen.file && $0.layersInFile > 1 }
            let others = (sameFile ? "layer\(otherFacilities.count == 1 ? "" : "s") of \(chosen.file): " : "")
                + otherFacilities.map { "\(sameFile ? $0.name : ScenarioStarter.label($0)) (\(ScenarioStarter.contents($0)))" }
                .joined(separator: ", ")
            var text = "CHECK: facilities taken from \(ScenarioStarter.label(chosen)) (\(ScenarioStarter.contents(chosen)))"
            if let evidence = facilitiesEvidence {
                text += " because \(evidence)"
                if !otherFacilities.isEmpty { text += "; the other facility layers are not used (do they hold the same facilities?): \(others)" }
                return text
            }
            let target = "全部设施.gpkg"
            let first = ogrSource(chosen), second = ogrSource(otherFacilities[0])
            return text + "; geodata.facilities takes one layer, so these facility layers are not used: \(others). "
                + "Merge them into one layer with their kind column and point geodata.facilities at it: "
                + "ogr2ogr -f GPKG \(target) \(first) -nln 全部设施, then ogr2ogr -append \(target) \(second) -nln 全部设施, "
                + "and likewise for each other layer"
        }

        /// A layer as ogr2ogr names it: the file, and the layer when the file has several.
        private func ogrSource(_ layer: DataFolder.Layer) -> String {
            layer.layersInFile > 1 ? "\(layer.file) \(layer.name)" : layer.file
        }

        /// The note on the sites when they were taken by name: which layer and why.
        public var sitesNote: String? {
            guard let sites, let evidence = sitesEvidence else { return nil }
            return "CHECK: sites taken from \(ScenarioStarter.label(sites.layer)) (\(ScenarioStarter.contents(sites.layer))) because \(evidence)"
        }
    }

    /// Words in a file or layer name that say plainly it holds candidate sites (存量资源, 候选地块).
    static let plainSiteNames = ["存量", "闲置", "候选", "site", "candidate"]
    /// Those and the words that say so beside them but may name estate boundaries too (居住用地).
    static let siteNames = plainSiteNames + ["用地", "地块", "资源", "用房", "空间"]
    /// Column names (after ``normalise(_:)``) that say so.
    static let siteColumns = ["可用面积", "单价", "单方造价", "可设功能"]
    /// Words in a layer name that say it holds every facility (one layer beside one per kind).
    static let allFacilityNames = ["全部", "所有", "汇总", "合并", "总表", "all", "merged"]

    /// Why a layer is taken for sites: its name or its columns; nil when nothing says so.
    static func siteEvidence(_ layer: DataFolder.Layer) -> String? {
        let text = (layer.file + " " + layer.name).lowercased()
        if let word = siteNames.first(where: text.contains) { return "its name says '\(word)'" }
        if let column = layer.columns.first(where: { siteColumns.contains(normalise($0)) }) { return "it has a column '\(column)'" }
        return nil
    }

    /// Whether a polygon layer says plainly that it holds sites, so that it is taken for the
    /// estates only when no other polygon layer is left: a name with 存量, 闲置, 候选, site or
    /// candidate, or a site's columns. (用地, 地块 or 空间 may name estate boundaries too: 居住用地.)
    static func saysSites(_ layer: DataFolder.Layer) -> Bool {
        let text = (layer.file + " " + layer.name).lowercased()
        return plainSiteNames.contains(where: text.contains)
            || layer.columns.contains { siteColumns.contains(normalise($0)) }
    }

    /// A table with the estates' own columns is a reserve library, to be joined to the
    /// boundaries, even where it has coordinates (a library often gives each estate's centre).
    static func holdsEstates(_ layer: DataFolder.Layer) -> Bool {
        let found = Set(guess(layer.columns, kind: .estates, coordinates: true).columns.map(\.key))
            .union(layer.columns.filter(LayerKind.estates.keys.contains))
        return found.isSuperset(of: ["built_year", "households"])
    }

    /// How many estate properties a layer's columns name.
    static func estateColumns(_ layer: DataFolder.Layer) -> Int {
        let found = guess(layer.columns, kind: .estates, coordinates: false)
        return found.columns.count + found.keysUsedAsIs.count
    }

    /// The layers `init` takes from `data`.
    public static func choose(in data: DataFolder) -> Choice {
        var choice = Choice()
        var points: [(layer: DataFolder.Layer, tabular: Bool)] = data.layers.filter { $0.geometry == .point }.map { ($0, false) }
        for layer in data.layers where layer.geometry == .none {
            let normals = layer.columns.map(normalise)
            if (normals.contains(where: xNames.contains) && normals.contains(where: yNames.contains)
                || OGRLayerReader.coordinatePairColumn(in: layer.columns) != nil) && !holdsEstates(layer)
            {
                points.append((layer, true))
            } else {
                choice.tables.append(layer)
            }
        }
        // The estates: the polygon layer whose columns name the most estate properties (a
        // buildings layer may have more features and no column renoplan reads), then the larger;
        // a layer that says it holds sites (存量资源 polygons: their 编号 and 名称 are an id and a
        // name too) only when no other is left.
        let polygons = data.layers.filter { $0.geometry == .polygon }
        choice.polygons = polygons.enumerated()
            .map { (layer: $1, key: (saysSites($1) ? 0 : 1, estateColumns($1), $1.features, -$0)) }
            .sorted { $0.key > $1.key }.map(\.layer)
        choice.estates = choice.polygons.first
        func same(_ a: DataFolder.Layer, _ b: DataFolder.Layer?) -> Bool { a.file == b?.file && a.name == b?.name }

        // Sites: a point layer, a table of points or a polygon layer other than the estates
        // (the docs allow polygon sites) whose name or columns say sites, in folder order.
        let siteCandidates = points.filter { siteEvidence($0.layer) != nil }
            + polygons.filter { siteEvidence($0) != nil && !same($0, choice.estates) }.map { ($0, false) }
        let order = data.layers.map { "\($0.file)#\($0.name)" }
        if let sites = siteCandidates.min(by: {
            order.firstIndex(of: "\($0.layer.file)#\($0.layer.name)")! < order.firstIndex(of: "\($1.layer.file)#\($1.layer.name)")!
        }) {
            choice.sites = sites
            choice.sitesEvidence = siteEvidence(sites.layer)
        }

        // Facilities: the point layers left. geodata.facilities takes one layer: a layer whose
        // name says it holds them all (全部设施 beside one layer per kind) is preferred; else the
        // first, and the others are named as not used.
        let facilities = points.filter { siteEvidence($0.layer) == nil }
        func allWord(_ layer: DataFolder.Layer) -> String? { allFacilityNames.first { layer.name.lowercased().contains($0) } }
        let all = facilities.first { allWord($0.layer) != nil }
        if let chosen = all ?? facilities.first {
            choice.facilities = chosen
            choice.otherFacilities = facilities.filter { !same($0.layer, chosen.layer) }.map(\.layer)
            if all != nil, let word = allWord(chosen.layer) {
                choice.facilitiesEvidence = "its name says '\(word)' (all facilities)"
            }
        }
        choice.walkways = walkwayChoice(in: data)
        return choice
    }

    /// What `init` says on the console beside the file it wrote: the choices a planner cannot
    /// see from the columns alone (which facility layer and which not, sites taken by name,
    /// the walkways, and the encodings read in).
    public static func notes(for data: DataFolder) -> [String] {
        let choice = choose(in: data)
        var notes: [String] = []
        let used = [choice.estates, choice.facilities?.layer, choice.sites?.layer].compactMap { $0 }
        for layer in used {
            if let (encoding, why) = layer.encoding {
                let reason = why.hasPrefix("CHECK: ") ? String(why.dropFirst(7)) : why
                notes.append("CHECK: \(label(layer)) is read with encoding: \(encoding): \(reason)")
            }
        }
        notes += [choice.facilitiesNote, choice.sitesNote, choice.walkways?.note].compactMap { $0 }
        // One line per reason: "plan.geojson, plan.xlsx, sites.geojson (summary.json beside them: …)".
        var reasons: [String] = []
        for output in data.outputs where !reasons.contains(output.why) { reasons.append(output.why) }
        for why in reasons {
            let files = data.outputs.filter { $0.why == why }.map(\.file)
            let words = files.count == 1 ? why : why.replacingOccurrences(of: "beside it", with: "beside them")
            notes.append("not read: renoplan's own output\(files.count == 1 ? "" : "s") \(files.joined(separator: ", ")) (\(words))")
        }
        return notes
    }
}
