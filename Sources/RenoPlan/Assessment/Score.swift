import Foundation

/// The reserve-library priority score (储备库量化计分), SPEC §5.
public struct ScoreBreakdown: Sendable {
    public var age: Double
    public var hazard: Double
    public var serviceGap: Double
    public var consent: Double
    public var cofunding: Double
    /// 100 × Σ wᵢ × indicatorᵢ / Σ wᵢ.
    public var score: Double
}

enum Scoring {
    /// SPEC §5 for one estate; `serviceGap` comes from coverage and accessibility (SPEC §3).
    static func score(_ estate: Estate, serviceGap: Double, scenario: Scenario) -> ScoreBreakdown {
        func clamp(_ value: Double) -> Double { min(1, max(0, value)) }
        let weights = scenario.score.weights
        let hazardTotal = scenario.score.hazardWeights.values.reduce(0, +)
        let hazardSum = estate.hazards.reduce(0) { $0 + (scenario.score.hazardWeights[$1] ?? 0) }
        let consentMin = scenario.eligibility.consentMin
        let age = clamp(Double(scenario.horizon.start - estate.builtYear) / 40)
        let hazard = hazardTotal > 0 ? clamp(hazardSum / hazardTotal) : 0
        let consent = consentMin < 1
            ? clamp((estate.consent - consentMin) / (1 - consentMin)) : (estate.consent >= 1 ? 1 : 0)
        let cofunding = estate.costYuan > 0 ? clamp(estate.pledgedYuan / estate.costYuan) : 0
        let gap = clamp(serviceGap)
        let indicators: [String: Double] = [
            "age": age, "hazard": hazard, "service_gap": gap, "consent": consent, "cofunding": cofunding,
        ]
        var weighted = 0.0, weightSum = 0.0
        for name in Scenario.ScoreWeights.indicatorNames {
            let weight = weights[name] ?? 0
            weighted += weight * indicators[name]!
            weightSum += weight
        }
        return ScoreBreakdown(
            age: age, hazard: hazard, serviceGap: gap, consent: consent, cofunding: cofunding,
            score: weightSum > 0 ? 100 * weighted / weightSum : 0)
    }
}
