internal import CGEOS
import Foundation

/// A GEOS STRtree over a fixed list of geometries (`GEOSSTRtree_create_r`), answering "which
/// items have an envelope that meets this window" without all-pairs loops.
///
/// Items are stored as their index + 1 disguised as a pointer, so no Swift object crosses into C.
/// The tree keeps the geometries alive because GEOS references their envelopes.
final class STRtree {
    private let handle: OpaquePointer
    private let context: GEOSContext
    private let items: [Geometry]

    /// - Complexity: O(n log n) to build on the first query.
    init(_ geometries: [Geometry], in context: GEOSContext) throws {
        self.context = context
        self.items = geometries
        handle = try context.check(GEOSSTRtree_create_r(context.handle, 10), "create STRtree")
        for (index, geometry) in geometries.enumerated() {
            GEOSSTRtree_insert_r(context.handle, handle, geometry.handle, UnsafeMutableRawPointer(bitPattern: index + 1))
        }
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, handle) }

    /// Indices of the items whose envelope meets the rectangle, in ascending order.
    func query(minX: Double, minY: Double, maxX: Double, maxY: Double) throws -> [Int] {
        if items.isEmpty { return [] }
        let window = try Geometry.rectangle(minX: minX, minY: minY, maxX: maxX, maxY: maxY, in: context)
        var found: [Int] = []
        withUnsafeMutablePointer(to: &found) { foundPointer in
            GEOSSTRtree_query_r(context.handle, handle, window.handle, { item, userData in
                let list = userData!.assumingMemoryBound(to: [Int].self)
                list.pointee.append(Int(bitPattern: item) - 1)
            }, foundPointer)
        }
        withExtendedLifetime(window) {}
        found.sort()
        return found
    }

    /// The index of the item nearest to `geometry` (`GEOSSTRtree_nearest_generic_r`, exact
    /// distances from GEOS), or nil for an empty tree.
    func nearest(to geometry: Geometry) throws -> Int? {
        if items.isEmpty { return nil }
        final class Query {
            let items: [Geometry]
            let geometry: Geometry
            var failed = false
            init(items: [Geometry], geometry: Geometry) {
                self.items = items
                self.geometry = geometry
            }
        }
        let query = Query(items: items, geometry: geometry)
        let result = withExtendedLifetime(query) {
            GEOSSTRtree_nearest_generic_r(
                context.handle, handle, nil, geometry.handle,
                { item, _, distance, userData in
                    let query = Unmanaged<Query>.fromOpaque(userData!).takeUnretainedValue()
                    let candidate = query.items[Int(bitPattern: item) - 1]
                    guard let distance,
                        GEOSDistance_r(candidate.context.handle, candidate.handle, query.geometry.handle, distance) == 1
                    else {
                        query.failed = true
                        return 0
                    }
                    return 1
                }, Unmanaged.passUnretained(query).toOpaque())
        }
        guard let result, !query.failed else { throw context.failure("nearest neighbour") }
        return Int(bitPattern: result) - 1
    }
}
