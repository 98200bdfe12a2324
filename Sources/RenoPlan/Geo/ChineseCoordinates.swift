import Foundation

/// The offsets Chinese web maps put on WGS 84 coordinates (SPEC §9): GCJ-02 (国测局坐标, Amap/Gaode,
/// Tencent) and BD-09 (Baidu, a further offset on GCJ-02).
///
/// The forward formulas are the published ones (Krasovsky ellipsoid a = 6378245 m,
/// e² = 0.00669342162296594323; no shift outside China's bounding box); there is no closed-form
/// inverse, so WGS 84 is found by fixed-point iteration until the forward image is within 1e-10°
/// (about 0.01 mm) of the given point. Points are (x: longitude, y: latitude).
public enum ChineseCoordinates {
    /// The CRS names a scenario may use for these offsets, as written there.
    public enum System: String, Sendable, CaseIterable {
        case gcj02 = "GCJ-02"
        case bd09 = "BD-09"

        /// `GCJ-02`, `gcj02`, `GCJ02`, `BD-09`, `bd09`, `BD09` (case and hyphen do not matter).
        public init?(name: String) {
            let squashed = name.uppercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
            switch squashed {
            case "GCJ02": self = .gcj02
            case "BD09", "BD09LL": self = .bd09
            default: return nil
            }
        }
    }

    static let a = 6378245.0
    static let ee = 0.00669342162296594323

    static func outOfChina(_ p: Point2) -> Bool {
        p.x < 72.004 || p.x > 137.8347 || p.y < 0.8293 || p.y > 55.8271
    }

    /// WGS 84 → GCJ-02.
    public static func gcj02(fromWGS84 p: Point2) -> Point2 {
        if outOfChina(p) { return p }
        let x = p.x - 105.0, y = p.y - 35.0
        let xPi = x * .pi, yPi = y * .pi
        let common = (20.0 * sin(6.0 * xPi) + 20.0 * sin(2.0 * xPi)) * 2.0 / 3.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x)) + common
        dLat += (20.0 * sin(yPi) + 40.0 * sin(yPi / 3.0)) * 2.0 / 3.0
        dLat += (160.0 * sin(yPi / 12.0) + 320.0 * sin(yPi / 30.0)) * 2.0 / 3.0
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x)) + common
        dLon += (20.0 * sin(xPi) + 40.0 * sin(xPi / 3.0)) * 2.0 / 3.0
        dLon += (150.0 * sin(xPi / 12.0) + 300.0 * sin(xPi / 30.0)) * 2.0 / 3.0
        let radLat = p.y / 180.0 * .pi
        let magic = 1 - ee * sin(radLat) * sin(radLat)
        let sqrtMagic = sqrt(magic)
        dLat = dLat * 180.0 / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = dLon * 180.0 / (a / sqrtMagic * cos(radLat) * .pi)
        return Point2(x: p.x + dLon, y: p.y + dLat)
    }

    static let xPi = Double.pi * 3000.0 / 180.0

    /// GCJ-02 → BD-09.
    public static func bd09(fromGCJ02 p: Point2) -> Point2 {
        let z = sqrt(p.x * p.x + p.y * p.y) + 0.00002 * sin(p.y * xPi)
        let theta = atan2(p.y, p.x) + 0.000003 * cos(p.x * xPi)
        return Point2(x: z * cos(theta) + 0.0065, y: z * sin(theta) + 0.006)
    }

    /// WGS 84 → BD-09.
    public static func bd09(fromWGS84 p: Point2) -> Point2 { bd09(fromGCJ02: gcj02(fromWGS84: p)) }

    /// The forward offset of `system` applied to a WGS 84 point.
    public static func forward(_ p: Point2, _ system: System) -> Point2 {
        switch system {
        case .gcj02: return gcj02(fromWGS84: p)
        case .bd09: return bd09(fromWGS84: p)
        }
    }

    /// The WGS 84 point whose `system` image is `p`: fixed-point iteration w ← w − (F(w) − p),
    /// which converges because F is the identity plus a slowly varying shift.
    public static func wgs84(from p: Point2, _ system: System) -> Point2 {
        var w = p
        for _ in 0..<100 {
            let image = forward(w, system)
            let dx = image.x - p.x, dy = image.y - p.y
            if abs(dx) < 1e-11 && abs(dy) < 1e-11 { break }
            w = Point2(x: w.x - dx, y: w.y - dy)
        }
        return w
    }
}
