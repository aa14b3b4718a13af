/// scikit-learn's `LinearSVC(C, class_weight="balanced")` on one feature, solved exactly.
///
/// Each binary problem is liblinear's primal L2-regularised squared-hinge SVM with the
/// intercept as an extra feature of scale 1 that is regularised too (`fit_intercept=True`,
/// `intercept_scaling=1`): minimise over `w = (a, b)`
/// `f(w) = 1/2 (a^2 + b^2) + sum_i C_i max(0, 1 - y_i (a z_i + b))^2`.
/// Classes are the sorted distinct train labels; balanced weights are
/// `n / (classes * count_c)`. As liblinear's `train()` assigns them:
/// - two classes: the first class is `y = -1` with `C * weight_0`, the second `y = +1` with
///   `C * weight_1`; prediction is the second class when `a z + b > 0`, else the first;
/// - more classes, one-vs-rest: for class `c`, its points are `y = +1` with `C * weight_c`,
///   all others `y = -1` with the base `C`; prediction is the class with the largest
///   decision value (the first on ties).
///
/// `f` is strictly convex and piecewise quadratic, so the optimum is found exactly: Newton
/// steps on the current piece (the generalised Hessian), each followed by an exact line
/// search (Newton on the piecewise-linear directional derivative, safeguarded by bisection),
/// until a full step keeps the active set, which is then the optimum up to rounding. With the
/// points sorted by `z`, the active set of a class is a prefix or suffix of its points, so
/// sums over it come from prefix sums in `O(log n)`; a whole fit costs `O(n log n)` for the
/// sort plus `O(classes * n)`.
///
/// The fit is done on `u = z - mean(z)` with intercept `c = b + a * mean(z)` (the same
/// problem; the regulariser becomes `1/2 (a^2 + (c - a mean)^2)`), which keeps the prefix
/// sums well conditioned for codes far from 0.
struct SingleFeatureSVC {
    /// Sorted distinct train labels (scikit-learn's `classes_`).
    let classes: [Int]
    /// Slope per binary problem (one for two classes, one per class otherwise).
    let slopes: [Double]
    /// Intercept per binary problem, in the original feature's coordinates.
    let intercepts: [Double]

    /// Fits on one feature `z` with integer labels `y` (at least two distinct).
    init(z: [Double], y: [Int], c: Double = 0.01) {
        let data = SortedFeature(z: z, y: y)
        let k = data.classCount
        precondition(k >= 2, "need at least two classes")
        let n = Double(z.count)
        let weights = data.classCounts.map { n / (Double(k) * Double($0)) }
        var slopes = [Double](), intercepts = [Double]()
        if k == 2 {
            let w = data.solve(positive: 1, cPositive: c * weights[1], cNegative: c * weights[0])
            slopes.append(w.a)
            intercepts.append(w.c - w.a * data.mean)
        } else {
            for cls in 0..<k {
                let w = data.solve(positive: cls, cPositive: c * weights[cls], cNegative: c)
                slopes.append(w.a)
                intercepts.append(w.c - w.a * data.mean)
            }
        }
        classes = data.classes
        self.slopes = slopes
        self.intercepts = intercepts
    }

    /// The predicted label of feature value `z`.
    func predict(_ z: Double) -> Int {
        if classes.count == 2 {
            return z * slopes[0] + intercepts[0] > 0 ? classes[1] : classes[0]
        }
        var best = 0
        var bestValue = z * slopes[0] + intercepts[0]
        for i in 1..<classes.count {
            let v = z * slopes[i] + intercepts[i]
            if v > bestValue { best = i; bestValue = v }
        }
        return classes[best]
    }

    /// Fraction of `(z, y)` pairs predicted correctly.
    func accuracy(z: [Double], y: [Int]) -> Double {
        precondition(z.count == y.count && !z.isEmpty, "need matching, non-empty test data")
        var correct = 0
        for i in 0..<z.count where predict(z[i]) == y[i] { correct += 1 }
        return Double(correct) / Double(z.count)
    }
}

/// One feature sorted ascending and centred, with prefix sums of count, `u` and `u^2` over
/// all points and over each class's points, for O(log n) sums over threshold sets.
struct SortedFeature {
    let mean: Double
    let classes: [Int]
    let classCounts: [Int]
    var classCount: Int { classes.count }
    /// Centred values in ascending order, all points.
    let all: PrefixSums
    /// The same per class.
    let perClass: [PrefixSums]

    init(z: [Double], y: [Int]) {
        let n = z.count
        let mu = z.reduce(0, +) / Double(n)
        mean = mu
        let labels = DenseLabels(y)
        classes = labels.values
        let order = (0..<n).sorted { z[$0] < z[$1] }
        let u = order.map { z[$0] - mu }
        all = PrefixSums(u)
        var buckets = [[Double]](repeating: [], count: labels.count)
        for (pos, i) in order.enumerated() { buckets[Int(labels.codes[i])].append(u[pos]) }
        perClass = buckets.map(PrefixSums.init)
        classCounts = buckets.map(\.count)
    }

    /// Sums (count, sum u, sum u^2) over the points with `u < t` (`below`) or `u > t`
    /// (otherwise) that belong to class `cls`, or, with `negatives`, to any other class.
    func sums(positive cls: Int, negatives: Bool, below: Bool, threshold t: Double) -> (Double, Double, Double) {
        let own = below ? perClass[cls].below(t) : perClass[cls].above(t)
        if !negatives { return own }
        let total = below ? all.below(t) : all.above(t)
        return (total.0 - own.0, total.1 - own.1, total.2 - own.2)
    }

    /// Gradient and generalised Hessian of the objective at `(a, c)` (centred coordinates),
    /// and the active-set signature.
    func derivatives(a: Double, c: Double, positive cls: Int, cp: Double, cn: Double)
        -> (g: (Double, Double), h: (Double, Double, Double), key: (Int, Int)) {
        var pos = (0.0, 0.0, 0.0), neg = (0.0, 0.0, 0.0)
        var key = (0, 0)
        if a > 0 {
            let tp = (1 - c) / a, tn = (-1 - c) / a
            pos = sums(positive: cls, negatives: false, below: true, threshold: tp)
            neg = sums(positive: cls, negatives: true, below: false, threshold: tn)
            key = (Int(pos.0), Int(neg.0))
        } else if a < 0 {
            let tp = (1 - c) / a, tn = (-1 - c) / a
            pos = sums(positive: cls, negatives: false, below: false, threshold: tp)
            neg = sums(positive: cls, negatives: true, below: true, threshold: tn)
            key = (-Int(pos.0) - 1, -Int(neg.0) - 1)
        } else {
            if c < 1 { pos = sums(positive: cls, negatives: false, below: false, threshold: -.infinity) }
            if c > -1 { neg = sums(positive: cls, negatives: true, below: false, threshold: -.infinity) }
            key = (Int(pos.0) + 1_000_000_000, Int(neg.0) + 1_000_000_000)
        }
        let mu = mean
        // Regulariser 1/2 (a^2 + (c - a mu)^2).
        var ga = a + (a * mu - c) * mu
        var gc = c - a * mu
        var haa = 1 + mu * mu, hac = -mu, hcc = 1.0
        // Positives: r = 1 - c - a u.
        ga += -2 * cp * ((1 - c) * pos.1 - a * pos.2)
        gc += -2 * cp * ((1 - c) * pos.0 - a * pos.1)
        // Negatives: r = 1 + c + a u.
        ga += 2 * cn * ((1 + c) * neg.1 + a * neg.2)
        gc += 2 * cn * ((1 + c) * neg.0 + a * neg.1)
        haa += 2 * (cp * pos.2 + cn * neg.2)
        hac += 2 * (cp * pos.1 + cn * neg.1)
        hcc += 2 * (cp * pos.0 + cn * neg.0)
        return ((ga, gc), (haa, hac, hcc), key)
    }

    /// The exact minimiser `(a, c)` in centred coordinates.
    func solve(positive cls: Int, cPositive cp: Double, cNegative cn: Double) -> (a: Double, c: Double) {
        var a = 0.0, c = 0.0
        for _ in 0..<200 {
            let d0 = derivatives(a: a, c: c, positive: cls, cp: cp, cn: cn)
            let (haa, hac, hcc) = d0.h
            let det = haa * hcc - hac * hac
            let da = -(hcc * d0.g.0 - hac * d0.g.1) / det
            let dc = -(haa * d0.g.1 - hac * d0.g.0) / det
            if abs(da) <= 1e-15 * (1 + abs(a)) && abs(dc) <= 1e-15 * (1 + abs(c)) { break }
            let t = lineSearch(a: a, c: c, da: da, dc: dc, positive: cls, cp: cp, cn: cn)
            a += t * da
            c += t * dc
            if t == 1 {
                let d1 = derivatives(a: a, c: c, positive: cls, cp: cp, cn: cn)
                if d1.key == d0.key { break }
            }
        }
        return (a, c)
    }

    /// Minimiser `t > 0` of the objective along `(da, dc)`.
    func lineSearch(a: Double, c: Double, da: Double, dc: Double, positive cls: Int, cp: Double, cn: Double) -> Double {
        func slope(_ t: Double) -> (Double, Double) {
            let d = derivatives(a: a + t * da, c: c + t * dc, positive: cls, cp: cp, cn: cn)
            let first = d.g.0 * da + d.g.1 * dc
            let second = d.h.0 * da * da + 2 * d.h.1 * da * dc + d.h.2 * dc * dc
            return (first, second)
        }
        var lo = 0.0, hi = Double.infinity
        var t = 1.0
        for _ in 0..<100 {
            let (g, h) = slope(t)
            if g == 0 { return t }
            if g < 0 { lo = t } else { hi = t }
            var next = t - g / h
            if !(next > lo && next < hi) { next = hi.isFinite ? 0.5 * (lo + hi) : 2 * t }
            if next == t || (hi - lo) <= 1e-16 * hi { return t }
            t = next
        }
        return t
    }
}

/// Ascending values with prefix sums of count, value and value squared.
struct PrefixSums {
    let values: [Double]
    let s1: [Double]
    let s2: [Double]

    init(_ sortedValues: [Double]) {
        values = sortedValues
        var p1 = [Double](repeating: 0, count: sortedValues.count + 1)
        var p2 = p1
        for (i, v) in sortedValues.enumerated() {
            p1[i + 1] = p1[i] + v
            p2[i + 1] = p2[i] + v * v
        }
        s1 = p1
        s2 = p2
    }

    /// (count, sum, sum of squares) over values `< t`.
    func below(_ t: Double) -> (Double, Double, Double) {
        let i = lowerBound(t)
        return (Double(i), s1[i], s2[i])
    }

    /// (count, sum, sum of squares) over values `> t`.
    func above(_ t: Double) -> (Double, Double, Double) {
        let i = upperBound(t)
        let n = values.count
        return (Double(n - i), s1[n] - s1[i], s2[n] - s2[i])
    }

    func lowerBound(_ x: Double) -> Int {
        var lo = 0, hi = values.count
        while lo < hi { let m = (lo + hi) >> 1; if values[m] < x { lo = m + 1 } else { hi = m } }
        return lo
    }

    func upperBound(_ x: Double) -> Int {
        var lo = 0, hi = values.count
        while lo < hi { let m = (lo + hi) >> 1; if values[m] <= x { lo = m + 1 } else { hi = m } }
        return lo
    }
}
