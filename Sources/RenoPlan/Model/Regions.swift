/// The city cut into regions of neighbouring clusters, for the neighbourhood searches on a
/// city-sized district (docs/solver.md, *Regions*): each cut halves a region at the median of
/// its longer side, until every region holds at most `size` clusters.
enum Regions {
    /// Clusters per region at most: about the size of a district on which the year
    /// neighbourhoods with 30 of the reserve find plans near the optimum (docs/solver.md).
    static let size = 300

    /// Cluster indices per region, each region's sorted; regions in the order the cuts leave them.
    /// `points` holds one point per cluster (any of its estates' coordinates).
    static func split(_ points: [Point2], size: Int) -> [[Int]] {
        var done: [[Int]] = []
        func cut(_ members: [Int]) {
            guard members.count > size else {
                done.append(members.sorted())
                return
            }
            let xs = members.map { points[$0].x }, ys = members.map { points[$0].y }
            let wide = (xs.max()! - xs.min()!) >= (ys.max()! - ys.min()!)
            let ordered = members.sorted { a, b in
                let (ka, kb) = wide ? (points[a].x, points[b].x) : (points[a].y, points[b].y)
                return ka != kb ? ka < kb : a < b
            }
            let half = ordered.count / 2
            cut(Array(ordered[..<half]))
            cut(Array(ordered[half...]))
        }
        if !points.isEmpty { cut(Array(points.indices)) }
        return done
    }
}
