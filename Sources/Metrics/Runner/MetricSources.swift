import Foundation
import SynCore

/// Where `synbench metrics` reads its arrays from: `.npy` files, one `.npz` archive, and/or a
/// dataset folder written by `synbench generate` as the factor source.
public struct MetricSources: Sendable {
    /// Codes `[N, L]`: a `.npy` file, or an `.npz` holding the codes (and maybe the rest).
    public var codes: URL
    /// Factors `[N, K]` as `.npy` (or `.npz`); optional when `codes` is an `.npz` holding them
    /// or when `dataset` is given.
    public var factors: URL?
    /// Test codes, with `factorsTest`; optional.
    public var codesTest: URL?
    /// Test factors, with `codesTest`; optional.
    public var factorsTest: URL?
    /// A dataset folder (`dataset.json`, `factors.npy`, `factor_values.npy`) giving the factors
    /// and their names for rows 0..<N of the codes.
    public var dataset: URL?
    /// Array names inside `.npz` archives.
    public var codesKey = "codes", factorsKey = "factors"
    /// Array names of the test arrays inside `.npz` archives.
    public var codesTestKey = "codes_test", factorsTestKey = "factors_test"

    /// Describes the inputs; the arrays are read by ``load(trainFraction:)``.
    public init(codes: URL, factors: URL? = nil, codesTest: URL? = nil, factorsTest: URL? = nil,
                dataset: URL? = nil) {
        self.codes = codes
        self.factors = factors
        self.codesTest = codesTest
        self.factorsTest = factorsTest
        self.dataset = dataset
    }

    /// Reads and validates the arrays and applies the reference's split rule.
    ///
    /// - Throws: a ``SynCore/UserError`` naming the file and what is wrong.
    public func load(trainFraction: Double = 2.0 / 3.0) throws -> MetricInput {
        var archives: [String: NpzArchive] = [:]
        func archive(_ url: URL) throws -> NpzArchive {
            if let a = archives[url.path] { return a }
            let a = try NpzArchive(contentsOf: url)
            archives[url.path] = a
            return a
        }
        func isArchive(_ url: URL) -> Bool { url.pathExtension.lowercased() == "npz" }
        func array(_ url: URL, key: String) throws -> (NpyArray, String) {
            if isArchive(url) { return (try archive(url).array(named: key), "\(url.path)[\(key)]") }
            return (try NpyArray(contentsOf: url), url.path)
        }
        func optionalMember(_ url: URL, key: String) throws -> (NpyArray, String)? {
            guard isArchive(url), try archive(url).names.contains(key) else { return nil }
            return try array(url, key: key)
        }

        let (codesArray, codesName) = try array(codes, key: codesKey)
        let codeMatrix = try Matrix(codesArray, source: codesName)

        var names: [String]?
        var values: Matrix?
        let factorMatrix: FactorMatrix
        if let factors {
            let (a, n) = try array(factors, key: factorsKey)
            factorMatrix = try FactorMatrix(a, source: n)
        } else if let dataset {
            let folder = try DatasetFactors(folder: dataset)
            guard folder.factors.rows >= codeMatrix.rows else {
                throw MetricsInputError("\(codesName) has \(codeMatrix.rows) rows but the dataset \(dataset.path) has only \(folder.factors.rows) items")
            }
            factorMatrix = folder.factors.rows(0..<codeMatrix.rows)
            values = folder.values?.rows(0..<codeMatrix.rows)
            names = folder.names
        } else if let (a, n) = try optionalMember(codes, key: factorsKey) {
            factorMatrix = try FactorMatrix(a, source: n)
        } else {
            throw MetricsInputError("no factors: pass --factors F.npy, --dataset DIR, or an .npz holding an array '\(factorsKey)'")
        }
        if factors != nil, let dataset {
            let folder = try DatasetFactors(folder: dataset)
            if folder.names.count == factorMatrix.columns { names = folder.names }
        }

        var testCodes: Matrix?
        var testFactors: FactorMatrix?
        if let codesTest {
            let (a, n) = try array(codesTest, key: codesTestKey)
            testCodes = try Matrix(a, source: n)
        } else if let (a, n) = try optionalMember(codes, key: codesTestKey) {
            testCodes = try Matrix(a, source: n)
        }
        if let factorsTest {
            let (a, n) = try array(factorsTest, key: factorsTestKey)
            testFactors = try FactorMatrix(a, source: n)
        } else if let source = factors ?? (isArchive(codes) ? codes : nil),
                  let (a, n) = try optionalMember(source, key: factorsTestKey) {
            testFactors = try FactorMatrix(a, source: n)
        }
        if (testCodes == nil) != (testFactors == nil) {
            throw MetricsInputError("test codes and test factors must be given together (got only \(testCodes == nil ? "test factors" : "test codes"))")
        }
        do {
            return try MetricInput(codes: codeMatrix, factors: factorMatrix, codesTest: testCodes,
                                   factorsTest: testFactors, factorNames: names, factorValues: values,
                                   trainFraction: trainFraction)
        } catch let error as MetricsInputError {
            var files = [codes.path] + [factors, codesTest, factorsTest].compactMap { $0?.path }
            if factors == nil, let dataset { files.append(dataset.path) }
            var seen = Set<String>()
            files = files.filter { seen.insert($0).inserted }
            throw MetricsInputError("\(files.joined(separator: ", ")): \(error.message)")
        }
    }
}

/// The factor arrays of a dataset folder written by `synbench generate`.
struct DatasetFactors {
    var names: [String]
    var factors: FactorMatrix
    var values: Matrix?

    init(folder: URL) throws {
        let manifest = folder.appendingPathComponent("dataset.json")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else {
            throw MetricsInputError("\(folder.path): not a SynBench dataset folder (cannot read dataset.json)")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch {
            throw MetricsInputError("\(manifest.path): \(error)")
        }
        guard case let .array(list)? = json["factors"] else {
            throw MetricsInputError("\(manifest.path): no 'factors' list")
        }
        names = list.compactMap { if case let .string(s)? = $0["name"] { return s } else { return nil } }
        let factorFile = folder.appendingPathComponent("factors.npy")
        factors = try FactorMatrix(NpyArray(contentsOf: factorFile), source: factorFile.path)
        let valueFile = folder.appendingPathComponent("factor_values.npy")
        if FileManager.default.fileExists(atPath: valueFile.path) {
            values = try Matrix(NpyArray(contentsOf: valueFile), source: valueFile.path)
        }
        guard names.count == factors.columns else {
            throw MetricsInputError("\(manifest.path) lists \(names.count) factors but factors.npy has \(factors.columns) columns")
        }
    }
}
