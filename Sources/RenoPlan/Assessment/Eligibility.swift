import Foundation

/// Who may be renovated (SPEC §4, POLICY "Who may be renovated").
public enum EstateClass: String, Sendable, Codable {
    /// Built ≤ core_built_until, or unsafe/incomplete after it.
    case core
    /// Built after core_built_until up to extended_built_until: capped at extended_cap of households.
    case extended
    case ineligible
}

/// An estate's final place in the plan (实施一批、谋划一批、储备一批).
public enum EstateStatus: String, Sendable, Codable, CaseIterable {
    case implement, prepare, reserve, ineligible
    /// SPEC §12: done, as the approved plan given to `renoplan revise` says (out of the plan and the budgets).
    case completed
    /// SPEC §12: started before the horizon and still under way (续建): out of the plan and the
    /// budgets like a completed estate, listed as continuing works.
    case underWay = "under_way"
}

/// The class and gate decisions for one estate, with the reasons a planner reads.
public struct Gate: Sendable {
    public var estateClass: EstateClass
    /// Eligible, consent and management gates passed, not locked out.
    public var isSchedulable: Bool
    /// The planner's lock, if any.
    public var lock: Scenario.Lock.Target?
    /// Why the estate is or is not in the running, in words.
    public var reasons: [String]
    /// The reasons that keep it out of the plan (class, consent, management, the planner's
    /// `never`), a subset of `reasons`; empty when schedulable.
    public var blockers: [String] = []
    /// The kind of the first of `blockers` (nil when there is none), so that what counts the
    /// estates kept out by reason (the reports' long lists) reads the gate's own decision.
    public var firstBlocker: Blocker? = nil
    /// SPEC §12: completed, as the approved plan given to `revise` says.
    public var isCompleted = false
    /// SPEC §12: started before the horizon and still under way (续建).
    public var isUnderWay = false
}

/// What a gate's blocker is (``Gate/blockers``).
public enum Blocker: Sendable, Equatable {
    case ineligible, consent, management, keptOut, completed, underWay
}

enum Eligibility {
    /// SPEC §4: class of an estate and the reason for it.
    static func classify(_ estate: Estate, _ rules: Scenario.Eligibility, _ w: Wording = Wording(.en)) -> (EstateClass, String?) {
        let built = estate.builtYear
        if built <= rules.coreBuiltUntil { return (.core, nil) }
        if rules.includeUnsafeAfterCore {
            if ["C", "D"].contains(estate.safetyGrade) {
                return (.core, w.text(
                    "\(built)年建成，安全等级\(estate.safetyGrade)，按重点改造对象", "built \(built) but safety grade \(estate.safetyGrade): counts as core"))
            }
            if !estate.completeUnits {
                return (.core, w.text("\(built)年建成的非成套住宅，按重点改造对象", "built \(built) without complete units (非成套): counts as core"))
            }
        }
        if built <= rules.extendedBuiltUntil {
            let span = "\(rules.coreBuiltUntil + 1)–\(rules.extendedBuiltUntil)"
            return (.extended, w.text(
                "\(built)年建成，属扩展纳入对象（\(span)年），每年不超过改造户数的\(percent(rules.extendedCap))",
                "built \(built): extended target (\(span)), capped at \(percent(rules.extendedCap)) of each year's households"))
        }
        return (.ineligible, w.text("\(built)年建成，晚于\(rules.extendedBuiltUntil)年，不纳入改造范围", "built \(built), after \(rules.extendedBuiltUntil)"))
    }

    /// SPEC §4: the gates (consent, management agreement, locks) for every estate, with the
    /// reasons in `w`'s language (the scenario's report language unless told).
    static func gates(_ estates: [Estate], _ scenario: Scenario, _ w: Wording? = nil) -> [Gate] {
        let w = w ?? Wording(scenario.reportLanguage)
        let rules = scenario.eligibility
        let locks = Dictionary(scenario.locks.map { ($0.estateID, $0.target) }, uniquingKeysWith: { _, last in last })
        return estates.map { estate in
            let (estateClass, classReason) = classify(estate, rules, w)
            var reasons = classReason.map { [$0] } ?? []
            var blockers: [String] = estateClass == .ineligible ? reasons : []
            var first: Blocker? = estateClass == .ineligible ? .ineligible : nil
            func block(_ reason: String, _ kind: Blocker) {
                reasons.append(reason)
                blockers.append(reason)
                if first == nil { first = kind }
            }
            if estateClass != .ineligible {
                if estate.consent < rules.consentMin {
                    let (consent, minimum) = distinctDecimals(estate.consent, rules.consentMin)
                    block(w.text("居民同意率\(consent)，低于\(minimum)", "consent \(consent) < \(minimum)"), .consent)
                }
                if rules.requireManagementAgreement && !estate.managementAgreed {
                    block(w.text("改造后长效管理机制未确定", "post-renovation management model not agreed (长效管理机制)"), .management)
                }
            }
            let lock = locks[estate.id]
            if case .never? = lock {
                block(w.text("规划人员已排除（locks: never）", "kept out of the plan by the planner (locks: never)"), .keptOut)
            }
            if case .year(let year)? = lock {
                reasons.append(w.text("规划人员锁定于\(year)年", "locked to \(year) by the planner"))
            }
            // SPEC §12 (`revise`): completed estates leave the plan; started ones stay in their year.
            let approved = scenario.approvedStates
            if approved.completed.contains(estate.id) {
                block(w.text("已完成改造", "completed"), .completed)
                return Gate(
                    estateClass: estateClass, isSchedulable: false, lock: lock, reasons: reasons, blockers: blockers,
                    firstBlocker: first, isCompleted: true)
            }
            if let year = approved.underWay[estate.id] {
                block(w.underWay(since: year), .underWay)
                return Gate(
                    estateClass: estateClass, isSchedulable: false, lock: lock, reasons: reasons, blockers: blockers,
                    firstBlocker: first, isUnderWay: true)
            }
            if let year = approved.started[estate.id] {
                reasons.append(w.text("已开工，保持在\(year)年", "works started: stays in \(year)"))
                return Gate(estateClass: estateClass, isSchedulable: true, lock: .year(year), reasons: reasons, blockers: [])
            }
            return Gate(
                estateClass: estateClass, isSchedulable: estateClass != .ineligible && blockers.isEmpty, lock: lock,
                reasons: reasons, blockers: blockers, firstBlocker: first)
        }
    }

    /// SPEC §4: a lock on an unknown estate, to a year outside the horizon, or to a year on an
    /// estate that is not schedulable is an error.
    static func checkLocks(_ scenario: Scenario, estates: [Estate]) -> [ScenarioError] {
        guard !scenario.locks.isEmpty else { return [] }
        let file = scenario.file.lastPathComponent
        // Only the locked estates' gates are needed (a gate depends on its estate alone).
        let lockedIDs = Set(scenario.locks.map(\.estateID))
        let locked = estates.filter { lockedIDs.contains($0.id) }
        let gates = Dictionary(zip(locked.map(\.id), Eligibility.gates(locked, scenario, Wording(.en))), uniquingKeysWith: { f, _ in f })
        let years = scenario.horizon.calendarYears
        var errors: [ScenarioError] = []
        var seen = Set<String>()
        for lock in scenario.locks {
            let path = "locks.\(lock.estateID)"
            if !seen.insert(lock.estateID).inserted {
                errors.append(ScenarioError(file: file, path: path, line: lock.line, problem: "estate is locked twice"))
            }
            guard let gate = gates[lock.estateID] else {
                if !estates.isEmpty {
                    // The ids it was probably meant as (E0O01, e0001, 0001 for E0001), as for a plan file's ids.
                    let meant = PlanFile.meant(lock.estateID, in: estates.map(\.id), listed: lockedIDs)
                    let hint = meant.isEmpty ? "" : " (did you mean \(meant.map { "'\($0)'" }.joined(separator: " or "))?)"
                    errors.append(ScenarioError(file: file, path: path, line: lock.line, problem: "no estate has id \(lock.estateID)\(hint)"))
                }
                continue
            }
            guard case .year(let year) = lock.target else { continue }
            if !years.contains(year) {
                errors.append(ScenarioError(
                    file: file, path: path, line: lock.line,
                    problem: "\(year) is outside the horizon \(years.first!)–\(years.last!)"))
            } else if !gate.isSchedulable {
                let why = gate.blockers.joined(separator: "; ")
                errors.append(ScenarioError(
                    file: file, path: path, line: lock.line,
                    problem: "estate cannot be locked to \(year): it is not schedulable (\(why))"))
            }
        }
        return errors
    }
}

/// Two values with two decimals, or as many more (up to six) as it takes to tell them apart:
/// a consent of 0.795 against 0.80 reads `0.795 < 0.800`, not `0.80 < 0.80`.
func distinctDecimals(_ a: Double, _ b: Double) -> (String, String) {
    func text(_ value: Double, _ places: Int) -> String { String(format: "%.\(places)f", value) }
    var places = 2
    while places < 6 && text(a, places) == text(b, places) { places += 1 }
    return (text(a, places), text(b, places))
}

func percent(_ share: Double) -> String {
    let value = share * 100
    return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
}
