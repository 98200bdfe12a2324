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
                    + "add crs: \(system.rawValue) to geodata.\(layer.rawValue)",
                chinese: "这些点整体偏离小区约\(Int(length.rounded()))米，方向与\(system.rawValue)坐标偏移一致（到最近小区的距离中位数：原样\(Int(asGiven.rounded()))米，"
                    + "按\(system.rawValue)纠正后\(Int(corrected.rounded()))米）：如果来自国内网络地图，请在 geodata.\(layer.rawValue) 中加上 crs: \(system.rawValue)")
        }
        return nil
    }
}
