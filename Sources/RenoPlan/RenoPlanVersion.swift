internal import CGEOS
internal import CGLPK
internal import CJansson
internal import CPROJ

/// Which code made a plan: renoplan's own version (defined here and nowhere else) and the versions
/// of the C libraries it runs on. `renoplan --version` prints them and summary.json records them.
/// Deterministic: no build date, no host name.
public enum RenoPlanVersion {
    /// renoplan's version. Raise it with every release that can change a plan or a file.
    public static let string = "0.9.0"

    /// The linked libraries' versions, by name, as they report themselves at run time.
    public static var libraries: [(name: String, version: String)] {
        [
            ("GLPK", String(cString: glp_version())),
            ("GEOS", String(cString: GEOSversion())),
            ("PROJ", String(cString: proj_info().version)),
            ("jansson", String(cString: jansson_version_str())),
        ]
    }

    /// `renoplan 0.9.0`, then one line per library (`GLPK 5.0`).
    public static var text: String {
        (["renoplan \(string)"] + libraries.map { "\($0.name) \($0.version)" }).joined(separator: "\n")
    }
}
