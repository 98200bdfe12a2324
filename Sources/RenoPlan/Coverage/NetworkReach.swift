import Foundation

/// What the estates reach along the walkways however far they walk (SPEC §3: a facility on
/// another connected part of the network is unreachable), for two warnings a planner can act on:
/// an estate whose part of the network holds no facility at all, and, per kind, the estates whose
/// part holds other facilities but none of that kind while other estates reach one. Both say how
/// far the network's main part (its largest connected part) is from the estate: where to join it.
struct NetworkReach {
    let network: NetworkDistance
    /// The connected part of each node (``WalkNetwork/components()``).
    let component: [Int]
    /// The part with the most nodes (the lowest-numbered on ties).
    let main: Int

    /// Estates named in a warning about many estates.
    static let examples = 5

    init(_ network: NetworkDistance) {
        self.network = network
        component = network.network.components()
        var size = [Int](repeating: 0, count: (component.max() ?? -1) + 1)
        for part in component { size[part] += 1 }
        main = size.indices.max { (size[$0], -$0) < (size[$1], -$1) } ?? 0
    }

    /// Whether a gate of estate `e` is on one of `parts`.
    func reaches(_ e: Int, _ parts: Set<Int>) -> Bool {
        network.gates[e].contains { parts.contains(component[$0.node]) }
    }

    /// The planar metres from estate `e` to the nearest node of the main part; nil when a gate of
    /// `e` is on it.
    ///
    /// - Complexity: tree queries in windows around the estate that double from 50 m until one
    ///   holds a node of the main part within the window's reach.
    func metersToMainPart(_ e: Int) throws -> Double? {
        guard !reaches(e, [main]) else { return nil }
        let nodes = network.network
        let estate = network.district.estateGeometries[e]
        let box = try estate.geometry.extent()
        var reach = 50.0
        while true {
            let found = try nodes.tree.query(minX: box.minX - reach, minY: box.minY - reach, maxX: box.maxX + reach, maxY: box.maxY + reach)
            var nearest = Double.infinity
            for n in found where component[n] == main { nearest = min(nearest, try estate.distance(to: nodes.nodeGeometries[n])) }
            // Every node within `reach` of the estate is in the window.
            if nearest <= reach || found.count == nodes.nodes.count { return nearest }
            reach *= 2
        }
    }

    /// The warnings: one per estate that reaches no facility (one for them all, naming the first
    /// ``examples``, when there are more, as a broken layer gives), then one per kind of the
    /// scenario's coverage and norms that some estates reach and others, which reach other
    /// facilities, never do.
    func warnings(_ scenario: Scenario) throws -> [InputWarning] {
        let district = network.district
        let file = scenario.geodata.estates.lastPathComponent
        let tree = network.network.tree
        let partOfFacility = try district.facilityGeometries.map { try tree.nearest(to: $0).map { component[$0] } }
        let served = Set(partOfFacility.compactMap { $0 })
        let cutOff = district.estates.indices.filter { !reaches($0, served) }
        var warnings: [InputWarning] = []
        if cutOff.count <= Self.examples {
            for e in cutOff {
                let estate = district.estates[e]
                let english: String, chinese: String
                if let meters = try metersToMainPart(e) {
                    english = "its gates reach no facility at all along the walkways (its part of the network has none): is it "
                        + "connected? The network's main part (its largest connected part) comes within \(String(format: "%.1f", meters)) m "
                        + "of the estate: join the estate's walkways to it there"
                    chinese = "沿步行路网到不了任何设施（它所在的那部分路网上没有设施）：路网是否连通？路网主体（最大的连通部分）离该小区最近处"
                        + "\(String(format: "%.1f", meters))米：请在那里把小区的步行道接入路网主体"
                } else {
                    english = "its gates reach no facility at all along the walkways: they are on the network's main part (its largest "
                        + "connected part), which no facility hangs off: are the facilities' walkways connected to it?"
                    chinese = "沿步行路网到不了任何设施：它的出入口在路网主体（最大的连通部分）上，而路网主体上没有设施：设施所在的步行道是否接入了路网主体？"
                }
                warnings.append(InputWarning(
                    file: file, featureIndex: estate.featureIndex, featureID: estate.id, problem: english, chinese: chinese))
            }
        } else {
            // A broken layer cuts off many estates: one warning with the first few, not hundreds.
            let named = try examples(cutOff)
            let head = "\(cutOff.count) estates reach no facility at all along the walkways: the parts of the network they are on "
                + "hold none. "
            let headChinese = "有\(cutOff.count)个小区沿步行路网到不了任何设施：它们所在的那部分路网上没有设施。"
            if served.contains(main) {
                warnings.append(InputWarning(
                    file: file, featureIndex: nil, featureID: nil,
                    problem: head + "Is the network connected? (The main part is the network's largest connected part; "
                        + named.english + "): join their walkways to the main part there",
                    chinese: headChinese + "路网是否连通？（路网主体指最大的连通部分；" + named.chinese + "）：请在那里把它们的步行道接入路网主体"))
            } else {
                // The main part holds no facility, so joining an estate to it reaches none either:
                // the facilities' walkways are what is cut off (an estate on it is there already).
                let onMain = cutOff.filter { reaches($0, [main]) }.count
                let facilities = partOfFacility.compactMap { $0 }.count
                let offMain = onMain < cutOff.count
                warnings.append(InputWarning(
                    file: file, featureIndex: nil, featureID: nil,
                    problem: head + "The network's main part (its largest connected part) holds no facility: "
                        + (facilities == 1 ? "the one facility hangs" : "the \(facilities) facilities hang") + " off "
                        + (served.count == 1 ? "another part" : "\(served.count) other parts") + ", and \(onMain) of these estates "
                        + (onMain == 1 ? "is" : "are") + " on the main part (" + named.english + "): connect the facilities' "
                        + "walkways to the main part" + (offMain ? ", and the walkways of the estates off it where it comes nearest" : ""),
                    chinese: headChinese + "路网主体（最大的连通部分）上没有设施："
                        + (facilities == 1 ? "唯一的设施" : "\(facilities)个设施都") + "挂在"
                        + (served.count == 1 ? "另一个连通部分上，" : "其他\(served.count)个连通部分上，")
                        + "其中\(onMain)个小区就在路网主体上（" + named.chinese + "）：请把设施所在的步行道接入路网主体"
                        + (offMain ? "，并在最近处把不在主体上的小区的步行道接入" : "")))
            }
        }
        let cutOffSet = Set(cutOff)
        var kinds: [String] = []
        for kind in scenario.coverage.map(\.kind) + scenario.norms.map(\.kind) where !kinds.contains(kind) { kinds.append(kind) }
        for kind in kinds {
            let parts = Set(district.facilities.indices.compactMap { district.facilities[$0].kind == kind ? partOfFacility[$0] : nil })
            guard !parts.isEmpty else { continue }  // no facility of the kind: KindNames.absent says so
            var reaching = 0
            var missing: [Int] = []
            for e in district.estates.indices where !cutOffSet.contains(e) {
                if reaches(e, parts) { reaching += 1 } else { missing.append(e) }
            }
            guard reaching > 0, !missing.isEmpty else { continue }
            let named = try examples(missing)
            let zh = Wording(.zh).kind(kind)
            warnings.append(InputWarning(
                file: file, featureIndex: nil, featureID: nil,
                problem: (missing.count == 1
                    ? "1 estate reaches no \(kind) along the walkways however far it walks, while \(reaching) "
                        + "estate\(reaching == 1 ? " reaches" : "s reach") one: the part of the network it is on holds"
                    : "\(missing.count) estates reach no \(kind) along the walkways however far they walk, while \(reaching) "
                        + "estate\(reaching == 1 ? " reaches" : "s reach") one: the parts of the network they are on hold")
                    + " other facilities but no \(kind) (the main part is the network's largest connected part; "
                    + named.english + "): is the network connected there?",
                chinese: "有\(missing.count)个小区沿步行路网走多远都到不了\(zh)，而另有\(reaching)个小区能到：它们所在的那部分路网上有别的设施，"
                    + "却没有\(zh)（路网主体指最大的连通部分；\(named.chinese)）：路网在那里是否连通？"))
        }
        return warnings
    }

    /// The first ``examples`` of `estates`, each with how far the main part is (or that it is on
    /// it), joined for a warning in English and Chinese; "…" when there are more.
    private func examples(_ estates: [Int]) throws -> (english: String, chinese: String) {
        let district = network.district
        var english: [String] = [], chinese: [String] = []
        for e in estates.prefix(Self.examples) {
            let estate = district.estates[e]
            let place = "feature #\(estate.featureIndex) (\(estate.id))", placeZh = "要素#\(estate.featureIndex)（\(estate.id)）"
            if let meters = try metersToMainPart(e) {
                let m = String(format: "%.1f", meters)
                english.append("\(place), \(m) m from the main part")
                chinese.append("\(placeZh)，离路网主体\(m)米")
            } else {
                english.append("\(place), on the main part")
                chinese.append("\(placeZh)，在路网主体上")
            }
        }
        let more = estates.count > Self.examples
        return (english.joined(separator: "; ") + (more ? "; …" : ""), chinese.joined(separator: "；") + (more ? "；……" : ""))
    }
}
