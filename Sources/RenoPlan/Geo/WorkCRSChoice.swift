import Foundation

/// Which CRS distances and areas are computed in when the scenario names none (`work_crs`,
/// docs/scenario.md): the input's when it is projected and true to scale at the district, else
/// the WGS 84 UTM zone of the estates' centre.
///
/// Data exported from web-map tools often comes in Web Mercator (EPSG:3857), whose metres are
/// 1/cos φ true metres: 16% long at Wuhan (30.5°N), 31% at Beijing (40°N). Computed in it, every
/// 1,000 m circle would reach 860 or 770 m, and every area be a third too large, without a word.
enum WorkCRSChoice {
    /// A projected CRS stretching lengths by more than this at the district is not used for
    /// distances (a Gauss–Krüger 3° zone stretches them by at most 0.03%, a 6° zone by 0.14%).
    static let largestDistortion = 0.005

    static func warning(input: CRS, stretch: Double, latitude: Double, work: CRS) -> InputWarning {
        let percent = String(format: "%.1f", stretch * 100), degrees = String(format: "%.1f", latitude)
        return InputWarning(
            file: "crs",
            problem: "\(input.definition) (\(input.name)) stretches lengths by \(percent)% at the estates (latitude \(degrees)°): "
                + "distances and areas are computed in \(work.definition) (\(work.name)) instead; set work_crs to choose another",
            chinese: "\(input.definition)（\(input.name)）在本区（纬度\(degrees)°）把长度放大\(percent)%：距离和面积改在\(work.definition)（\(work.name)）中计算；"
                + "可用work_crs另行指定")
    }
}
