// The generator's own randomness. Everything here is integer arithmetic or IEEE-754 operations that
// are correctly rounded on every platform (+, −, ×, ÷, square root), so the same seed gives the same
// bytes on Linux and macOS, today and after a compiler update. We deliberately do not conform to
// `RandomNumberGenerator`: the standard library's `Double.random(in:using:)` and friends are free to
// change their algorithms between Swift releases, which would silently change the demo district.

/// SplitMix64 (Steele, Lea & Flood, 2014): seeds xoshiro and hashes lattice points.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One SplitMix64 step as a hash: a good 64-bit mixer for combining a seed with indices.
    static func hash(_ value: UInt64) -> UInt64 {
        var generator = SplitMix64(state: value)
        return generator.next()
    }
}

/// xoshiro256** (Blackman & Vigna, 2018), a small, fast generator with a 2^256 − 1 period.
///
/// Each stage of the generator (layout, estate attributes, facilities, sites) draws from its own
/// stream, so changing how facilities are placed never moves an estate.
struct Xoshiro256StarStar {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Seeds the state from `seed` and a stream number through SplitMix64, as the authors recommend.
    init(seed: UInt64, stream: UInt64) {
        var seeder = SplitMix64(state: seed ^ SplitMix64.hash(stream &* 0xD1B5_4A32_D192_ED03))
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the one state xoshiro cannot leave
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform double in [a, b).
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    /// A uniform integer in `range` (Lemire's multiply-high; the bias is below 2^-40 for our spans).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty array, uniformly.
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// An index drawn with the given non-negative weights (which need not sum to 1).
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var u = unit() * total
        for (index, weight) in weights.enumerated() {
            if u < weight { return index }
            u -= weight
        }
        return weights.count - 1
    }
}

/// Smooth value noise in [0, 1]: random values on a square lattice, blended with smoothstep.
///
/// Used as a density field so that services cluster in some neighbourhoods and thin out in others,
/// the way they do in a real old district. Only arithmetic, no transcendental functions.
struct ValueNoise {
    let seed: UInt64
    /// Lattice spacing in metres: the size of a "neighbourhood" of similar service density.
    let cellMeters: Double

    func value(x: Double, y: Double) -> Double {
        let gx = x / cellMeters, gy = y / cellMeters
        let fx0 = gx.rounded(.down), fy0 = gy.rounded(.down)
        let ix = Int(fx0), iy = Int(fy0)
        let tx = smooth(gx - fx0), ty = smooth(gy - fy0)
        let v00 = lattice(ix, iy), v10 = lattice(ix + 1, iy)
        let v01 = lattice(ix, iy + 1), v11 = lattice(ix + 1, iy + 1)
        let bottom = v00 + (v10 - v00) * tx
        let top = v01 + (v11 - v01) * tx
        return bottom + (top - bottom) * ty
    }

    private func smooth(_ t: Double) -> Double { t * t * (3 - 2 * t) }

    private func lattice(_ i: Int, _ j: Int) -> Double {
        let key = seed
            ^ (UInt64(bitPattern: Int64(i)) &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(bitPattern: Int64(j)) &* 0xC2B2_AE3D_27D4_EB4F)
        return Double(SplitMix64.hash(key) >> 11) * 0x1.0p-53
    }
}
