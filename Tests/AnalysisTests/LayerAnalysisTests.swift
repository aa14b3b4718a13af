import Foundation
import Metrics
import SynCore
import Testing
@testable import Analysis

/// The whole analysis on a small synthetic network: results, report, plots and bad input.
@Suite struct LayerAnalysisTests {
    /// 240 items, factor "shape" (6 classes) and "size" (2 classes); layer 0 is noise, layer 1
    /// carries "shape" weakly, layer 2 strongly.
    static func network() -> (layers: [LayerActivations], factors: FactorTable) {
        var rng = Xoshiro256StarStar(seed: 12)
        let n = 240, d = 20
        let shape = (0..<n).map { $0 % 6 }, size = (0..<n).map { ($0 / 6) % 2 }
        let centres = (0..<(6 * d)).map { _ in rng.nextGaussian() }
        let layers = [0.0, 0.6, 3.0].enumerated().map { l, strength -> LayerActivations in
            var values = [Double](repeating: 0, count: n * d)
            for i in 0..<n { for c in 0..<d { values[i * d + c] = strength * centres[shape[i] * d + c] + rng.nextGaussian() } }
            return try! LayerActivations(name: "layer\(l)", features: Matrix(rows: n, columns: d, storage: values))
        }
        var labels = [Int]()
        for i in 0..<n { labels += [shape[i], size[i]] }
        return (layers, FactorTable(names: ["shape", "size"], kinds: [.categorical, .categorical],
                                    labels: FactorMatrix(rows: n, columns: 2, storage: labels)))
    }

    static func options() -> AnalysisOptions {
        var o = AnalysisOptions()
        o.manifold.pointsPerManifold = 20
        o.manifold.tCount = 50
        o.neighbours = 10
        o.depthFactor = 0
        return o
    }

    @Test func probesAndCapacityRiseWithTheFactorsStrength() throws {
        let (layers, factors) = Self.network()
        let options = Self.options()
        var o = options
        o.measures.remove(.mftma)
        let noMFTMA = try LayerAnalysis.run(layerCount: 3, load: { layers[$0] }, factors: factors.selecting(["shape"]), options: o)
        #expect(noMFTMA.cells[0].allSatisfy { $0.geometry == nil })
        // "size" has 2 classes: MFTMA needs 3, so only the shape factor takes the default measures.
        #expect(throws: AnalysisInputError.self) {
            try LayerAnalysis.run(layerCount: 3, load: { layers[$0] }, factors: factors, options: options)
        }
        let report = try LayerAnalysis.run(layerCount: 3, load: { layers[$0] }, factors: factors.selecting(["shape"]), options: options)
        let cells = report.cells[0]
        let linear = cells.map { $0.linear!.value }, knn = cells.map { $0.knn!.value }
        let capacity = cells.map { $0.geometry!.capacity }
        #expect(linear[0] < 0.4 && linear[2] > 0.95)
        #expect(knn[0] < 0.4 && knn[2] > 0.95)
        #expect(capacity[0] < capacity[1] && capacity[1] < capacity[2])
        #expect(report.participationRatio.allSatisfy { $0 != nil })
        let depth = try #require(report.depth)
        #expect(depth.final.count == 240)
        #expect(depth.final.allSatisfy { (0..<3).contains($0) })
        let csv = depth.csv(factors: try factors.selecting(["shape"]))
        #expect(csv.hasPrefix("item,split,depth_final,depth_truth,shape_idx\n"))
        #expect(csv.split(separator: "\n").count == 241)
        let json = report.json().serialized()
        #expect(json.contains("\"capacity\"") && json.contains("\"seconds\""))
        #expect(report.table().contains("layer2"))
        let plots = report.plots()
        #expect(plots.map(\.name) == ["linear_probe", "knn_probe", "capacity", "radius", "dimension", "centre_correlation", "participation_ratio"])
    }

    @Test func badInputIsRefusedWithOneLine() throws {
        let (layers, factors) = Self.network()
        let options = Self.options()
        let short = try LayerActivations(name: "short", features: layers[0].features.rows(0..<100))
        let error = #expect(throws: AnalysisInputError.self) {
            try LayerAnalysis.run(layerCount: 2, load: { $0 == 0 ? layers[0] : short }, factors: factors.selecting(["shape"]), options: options)
        }
        #expect(error?.description.contains("'short' has 100 rows") == true)
        var nan = layers[0].features
        nan[5, 3] = .nan
        let nanError = #expect(throws: AnalysisInputError.self) { try LayerActivations(name: "bad", features: nan) }
        #expect(nanError?.description.contains("row 5") == true)
        let single = FactorTable(names: ["one"], kinds: [.categorical], labels: FactorMatrix(rows: 240, columns: 1, storage: [Int](repeating: 3, count: 240)))
        #expect(throws: AnalysisInputError.self) {
            try LayerAnalysis.run(layerCount: 1, load: { layers[$0] }, factors: single, options: options)
        }
        var many = options
        many.manifold.pointsPerManifold = 41
        let thin = #expect(throws: AnalysisInputError.self) {
            try LayerAnalysis.run(layerCount: 1, load: { layers[$0] }, factors: factors.selecting(["shape"]), options: many)
        }
        #expect(thin?.description.contains("--points-per-class asks for 41") == true)
    }

    @Test func itemSubsetIsSeededSortedAndKeepsRowsAligned() throws {
        let (layers, factors) = Self.network()
        let a = FactorTable.subset(of: 240, count: 50, seed: 4)
        #expect(a == FactorTable.subset(of: 240, count: 50, seed: 4))
        #expect(a != FactorTable.subset(of: 240, count: 50, seed: 5))
        #expect(a.count == 50 && a == a.sorted() && Set(a).count == 50)
        #expect(FactorTable.subset(of: 10, count: 20, seed: 0) == Array(0..<10))
        let rows = factors.rows(at: a)
        let layer = layers[2].rows(at: a)
        for (i, item) in a.enumerated() {
            #expect(rows.labels[i, 0] == factors.labels[item, 0])
            #expect(layer.features.row(i) == layers[2].features.row(item))
        }
        let depth = DepthTable(factor: "shape", final: [0, 1], truth: [0, -1], inTraining: [true, false])
        let csv = depth.csv(factors: try factors.selecting(["shape"]).rows(at: [7, 9]), items: [7, 9])
        #expect(csv == "item,split,depth_final,depth_truth,shape_idx\n7,train,0,0,1\n9,test,1,-1,3\n")
    }

    @Test func participationRatioOfKnownSpectra() {
        // Orthogonal columns with variances 4, 1, 1, 0: PR = (6)^2 / (16 + 1 + 1) = 2.
        var rows: [[Double]] = []
        for s in [[1.0, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]] { rows.append([2 * s[0], s[1], s[2], 7]) }
        #expect(abs(ParticipationRatio.of(Matrix(rows)) - 2) < 1e-12)
        #expect(abs(ParticipationRatio.of(Matrix(rows).transposed.transposed) - 2) < 1e-12)
        var rng = Xoshiro256StarStar(seed: 1)
        let wide = Matrix(rows: 10, columns: 50, storage: (0..<500).map { _ in rng.nextGaussian() })
        let pr = ParticipationRatio.of(wide)
        #expect(pr > 6 && pr <= 9)
    }

    @Test func svgPlotHasAxesLegendAndOneLinePerSeries() {
        let plot = SVGLinePlot(title: "Capacity <by> layer", xLabel: "layer", yLabel: "alpha", xTicks: ["in", "conv1", "mu"],
                               series: [.init(name: "shape", values: [0.1, 0.2, 0.4]), .init(name: "size & co", values: [0.3, nil, 0.2])])
        let svg = plot.svg()
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
        #expect(svg.contains("Capacity &lt;by&gt; layer") && svg.contains("size &amp; co") && svg.contains(">conv1<"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 5)
        let (ticks, step) = SVGLinePlot.niceTicks(0.1, 0.4)
        #expect(step == 0.1 && ticks.first! <= 0.1 && ticks.last! >= 0.4)
    }

    /// A metadata column joins the factors as a categorical factor: selectable by name, its
    /// labels (and values) aligned with the rows; a taken name or a wrong length is refused.
    @Test func addedColumnIsACategoricalFactor() throws {
        let table = FactorTable(names: ["speaker", "text"], kinds: [.categorical, .categorical],
                                labels: FactorMatrix(rows: 4, columns: 2, storage: [0, 0, 0, 1, 1, 0, 1, 1]),
                                values: Matrix(rows: 4, columns: 2, storage: [10, 0, 10, 1, 20, 0, 20, 1]))
        let wider = try table.adding(categorical: "gender", labels: [1, 1, 0, 0])
        #expect(wider.names == ["speaker", "text", "gender"])
        #expect(wider.kinds == [.categorical, .categorical, .categorical])
        let gender = try wider.selecting(["gender", "speaker"])
        #expect((0..<4).map { gender.labels[$0, 0] } == [1, 1, 0, 0])
        #expect((0..<4).map { gender.labels[$0, 1] } == [0, 0, 1, 1])
        #expect((0..<4).map { wider.values?[$0, 0] } == [10, 10, 20, 20])
        #expect((0..<4).map { wider.values?[$0, 2] } == [1, 1, 0, 0])
        #expect(throws: AnalysisInputError.self) { try wider.adding(categorical: "gender", labels: [0, 0, 0, 0]) }
        #expect(throws: AnalysisInputError.self) { try table.adding(categorical: "gender", labels: [0, 1]) }
    }
}
