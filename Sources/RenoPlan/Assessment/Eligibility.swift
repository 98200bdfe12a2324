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
}

enum Eligibility {
    /// SPEC §4: class of an estate and the reason for it.
    static func classify(_ estate: Estate, _ rules: Scenario.Eligibility) -> (EstateClass, String?) {
        if estate.builtYear <= rules.coreBuiltUntil { return (.core, nil) }
        if rules.includeUnsafeAfterCore {
            if ["C", "D"].contains(estate.safetyGrade) {
                return (.core, "built \(estate.builtYear) but safety grade \(estate.safetyGrade): counts as core")
            }
            if !estate.completeUnits {
                return (.core, "built \(estate.builtYear) without complete units (非成套): counts as core")
            }
        }
        if estate.builtYear <= rules.extendedBuiltUntil {
            return (.extended, "built \(estate.builtYear): extended target (\(rules.coreBuiltUntil + 1)–\(rules.extendedBuiltUntil)), capped at \(percent(rules.extendedCap)) of each year's households")
        }
        return (.ineligible, "built \(estate.builtYear), after \(rules.extendedBuiltUntil)")
    }

    /// SPEC §4: the gates (consent, management agreement, locks) for every estate.
    static func gates(_ estates: [Estate], _ scenario: Scenario) -> [Gate] {
        let rules = scenario.eligibility
        let locks = Dictionary(scenario.locks.map { ($0.estateID, $0.target) }, uniquingKeysWith: { _, last in last })
        return estates.map { estate in
            let (estateClass, classReason) = classify(estate, rules)
            var reasons = classReason.map { [$0] } ?? []
            var schedulable = estateClass != .ineligible
            if estateClass != .ineligible {
                if estate.consent < rules.consentMin {
                    reasons.append("consent \(twoDecimals(estate.consent)) < \(twoDecimals(rules.consentMin))")
                    schedulable = false
                }
                if rules.requireManagementAgreement && !estate.managementAgreed {
                    reasons.append("post-renovation management model not agreed (长效管理机制)")
                    schedulable = false
                }
            }
            let lock = locks[estate.id]
            switch lock {
            case .never?:
                reasons.append("kept out of the plan by the planner (locks: never)")
                schedulable = false
            case .year(let year)?:
                reasons.append("locked to \(year) by the planner")
            case nil: break
            }
            return Gate(estateClass: estateClass, isSchedulable: schedulable, lock: lock, reasons: reasons)
        }
    }

    /// SPEC §4: a lock on an unknown estate, to a year outside the horizon, or to a year on an
    /// estate that is not schedulable is an error.
    static func checkLocks(_ scenario: Scenario, estates: [Estate]) -> [ScenarioError] {
        let file = scenario.file.lastPathComponent
        let byID = Dictionary(estates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let gates = Dictionary(zip(estates.map(\.id), Eligibility.gates(estates, scenario)), uniquingKeysWith: { f, _ in f })
        let years = scenario.horizon.calendarYears
        var errors: [ScenarioError] = []
        var seen = Set<String>()
        for lock in scenario.locks {
            let path = "locks.\(lock.estateID)"
            if !seen.insert(lock.estateID).inserted {
                errors.append(ScenarioError(file: file, path: path, line: lock.line, problem: "estate is locked twice"))
            }
            guard byID[lock.estateID] != nil, let gate = gates[lock.estateID] else {
                if !estates.isEmpty {
                    errors.append(ScenarioError(file: file, path: path, line: lock.line, problem: "no estate has id \(lock.estateID)"))
                }
                continue
            }
            guard case .year(let year) = lock.target else { continue }
            if !years.contains(year) {
                errors.append(ScenarioError(
                    file: file, path: path, line: lock.line,
                    problem: "\(year) is outside the horizon \(years.first!)–\(years.last!)"))
            } else if !gate.isSchedulable {
                let why = gate.reasons.filter { !$0.hasPrefix("locked to") }.joined(separator: "; ")
                errors.append(ScenarioError(
                    file: file, path: path, line: lock.line,
                    problem: "estate cannot be locked to \(year): it is not schedulable (\(why))"))
            }
        }
        return errors
    }
}

func twoDecimals(_ value: Double) -> String { String(format: "%.2f", value) }

func percent(_ share: Double) -> String {
    let value = share * 100
    return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
}
