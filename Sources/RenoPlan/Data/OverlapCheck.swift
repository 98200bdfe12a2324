internal import CGEOS
import Foundation

/// Two estates whose polygons overlap by more than half of the smaller one are one estate under
/// two ids: it would be planned and paid twice (SPEC §9). Candidate pairs come from a GEOS STRtree.
enum OverlapCheck {
    static func estates(
        _ estates: [Estate], _ geometries: [PreparedGeometry], file: String, in context: GEOSContext,
        errors: inout [InputError]
    ) {
        guard estates.count > 1 else { return }
        let plain = geometries.map(\.geometry)
        guard let tree = try? STRtree(plain, in: context) else { return }
        let extents = estates.map { estate -> (minX: Double, minY: Double, maxX: Double, maxY: Double) in
            let points = estate.shape.allPoints
            return (points.map(\.x).min()!, points.map(\.y).min()!, points.map(\.x).max()!, points.map(\.y).max()!)
        }
        var areas: [Double?] = Array(repeating: nil, count: estates.count)
        func area(_ i: Int) -> Double {
            if let known = areas[i] { return known }
            let value = (try? plain[i].area()) ?? 0
            areas[i] = value
            return value
        }
        for i in estates.indices {
            let a = extents[i]
            guard let candidates = try? tree.query(minX: a.minX, minY: a.minY, maxX: a.maxX, maxY: a.maxY) else { continue }
            for j in candidates where j > i {
                let b = extents[j]
                // The envelopes' overlap bounds the polygons' overlap: most pairs stop here.
                let boxOverlap = max(0, min(a.maxX, b.maxX) - max(a.minX, b.minX)) * max(0, min(a.maxY, b.maxY) - max(a.minY, b.minY))
                let smaller = min(area(i), area(j))
                guard smaller > 0, boxOverlap > smaller / 2 else { continue }
                guard let shared = try? plain[i].intersectionArea(with: plain[j]), shared > smaller / 2 else { continue }
                let percent = Int((shared / smaller * 100).rounded())
                errors.append(InputError(
                    file: file, featureIndex: estates[j].featureIndex, featureID: estates[j].id, key: "id",
                    problem: "estate \(estates[j].id) overlaps estate \(estates[i].id) (feature #\(estates[i].featureIndex)) "
                        + "by \(percent)% of the smaller polygon: is it the same estate under two ids? "
                        + "It would be planned and paid twice; keep one"))
            }
        }
    }
}

extension Geometry {
    /// The area of `GEOSIntersection_r` of the two geometries.
    func intersectionArea(with other: Geometry) throws -> Double {
        let handle = withExtendedLifetime(other) { GEOSIntersection_r(context.handle, self.handle, other.handle) }
        return try Geometry(owning: try context.check(handle, "intersection"), in: context).area()
    }
}
