import Foundation

/// A point layer given as WGS 84 that is really GCJ-02 or BD-09 (scraped from Amap, Tencent or
/// Baidu) sits 100–1,500 m off in one direction: every coverage figure shifts without a word.
/// `validate` warns when undoing the shift brings the points much nearer the estates (SPEC §9).
///
/// The test: over up to 400 points (every n-th), the median distance to the nearest estate as
/// given and after moving every point by the shift's inverse (the vector at the points' centre).
/// A warning needs a median of at least 50 m as given that the inverse shift at least halves.
enum ShiftCheck {
    static func notice(
        points: [Point2], layer: LayerKind, file: String, estates: [PreparedGeometry], toLonLat: Transformer,
        in context: GEOSContext
    ) -> InputWarning? {
        guard points.count >= 3, !estates.isEmpty,
            let tree = try? STRtree(estates.map(\.geometry), in: context)
        else { return nil }
        let step = max(1, points.count / 400)
        let sample = stride(from: 0, to: points.count, by: step).map { points[$0] }
        let centre = Point2(x: sample.map(\.x).reduce(0, +) / Double(sample.count), y: sample.map(\.y).reduce(0, +) / Double(sample.count))
        guard let centreLonLat = try? toLonLat.forward([centre]).first else { return nil }

        func median(_ offset: Point2) -> Double? {
            var distances: [Double] = []
            for p in sample {
                let moved = Point2(x: p.x + offset.x, y: p.y + offset.y)
                guard let geometry = try? Geometry(.point(moved), in: context),
                    let nearest = try? tree.nearest(to: geometry),
                    let distance = try? estates[nearest].distance(to: geometry)
                else { return nil }
                distances.append(distance)
            }
            distances.sort()
            return distances[distances.count / 2]
        }
        guard let asGiven = median(Point2(x: 0, y: 0)), asGiven >= 50 else { return nil }
        for system in ChineseCoordinates.System.allCases {
            let wgs = ChineseCoordinates.wgs84(from: centreLonLat, system)
            guard let back = try? toLonLat.inverse([wgs]).first else { continue }
            let offset = Point2(x: back.x - centre.x, y: back.y - centre.y)
            let length = (offset.x * offset.x + offset.y * offset.y).squareRoot()
            guard (100...1500).contains(length), let corrected = median(offset), corrected <= asGiven / 2 else { continue }
            return InputWarning(
                file: file, featureIndex: nil, featureID: nil,
                problem: "the \(layer.rawValue) sit \(Int(length.rounded())) m off the estates in the direction a "
                    + "\(system.rawValue) shift explains (median distance to the nearest estate \(Int(asGiven.rounded())) m "
                    + "as given, \(Int(corrected.rounded())) m as \(system.rawValue)): if they come from a Chinese web map, "
                    + "add crs: \(system.rawValue) to geodata.\(layer.rawValue)")
        }
        return nil
    }
}

/// Properties left at a default that changes eligibility or score, counted for `validate`
/// ("412 of 500 estates have no safety_grade: taken as B").
enum DefaultsReport {
    static func estates(_ features: [RawFeature], file: String, scenario: Scenario) -> [InputWarning] {
        var defaults: [(key: String, taken: String)] = [
            ("safety_grade", "taken as B"),
            ("complete_units", "taken as true (no unsafe-after-core promotion)"),
            ("hazards", "taken as none (hazard score 0)"),
            ("cost_yuan", "taken as floor_area_m2 × \(formatNumber(scenario.costPerM2Yuan)) yuan"),
        ]
        if scenario.eligibility.requireManagementAgreement {
            defaults.insert(("management_agreed", "taken as false: not schedulable"), at: 0)
        }
        let block = 2048
        let parts = Concurrent.map((features.count + block - 1) / block, chunk: 1) { part -> [Int] in
            var missing = Array(repeating: 0, count: defaults.count)
            for feature in features[(part * block)..<min(features.count, (part + 1) * block)] {
                for (index, entry) in defaults.enumerated() {
                    switch feature.properties[entry.key] {
                    case nil, .null?: missing[index] += 1
                    case .string(let text)? where text.allSatisfy(\.isWhitespace): missing[index] += 1
                    default: break
                    }
                }
            }
            return missing
        }
        var missing = Array(repeating: 0, count: defaults.count)
        for part in parts { for index in missing.indices { missing[index] += part[index] } }
        return defaults.indices.compactMap { index in
            guard missing[index] > 0 else { return nil }
            let count = missing[index]
            let of = count == features.count ? "all \(count)" : "\(count) of \(features.count)"
            return InputWarning(
                file: file, featureIndex: nil, featureID: nil,
                problem: "\(of) estate\(features.count == 1 ? "" : "s") \(count == 1 ? "has" : "have") no \(defaults[index].key): \(defaults[index].taken)")
        }
    }
}
