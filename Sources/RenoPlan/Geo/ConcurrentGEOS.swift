import Foundation

/// GEOS work spread over the cores with ``Concurrent``.
///
/// GEOS contexts must not be shared between threads, so each thread gets a ``GEOSContext`` of its
/// own and whatever `worker` builds with it (an STRtree, say).
///
/// Geometries shared between the threads are only read. GEOS 3.11 computes a geometry's envelope
/// lazily on first use, so callers compute the envelopes of shared geometries (``Geometry/extent()``,
/// STRtree insertion) on the calling thread first, and give each item's own geometry (an estate's
/// prepared polygon, which builds its indexes on first use) to one thread only.
enum ConcurrentGEOS {
    /// `body(worker, index)` for every index in `0..<count`, in index order.
    ///
    /// - Throws: the error of the lowest index that failed.
    static func map<Worker, T>(
        _ count: Int, worker makeWorker: (GEOSContext) throws -> Worker, _ body: (Worker, Int) throws -> T
    ) throws -> [T] {
        try Concurrent.mapThrowing(count, worker: { try makeWorker(GEOSContext()) }, body)
    }
}
