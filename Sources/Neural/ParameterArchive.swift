import SynCore

extension Tensor {
    /// A tensor with the shape and values of a NumPy array (any numeric dtype, converted to
    /// Float32; float32 arrays are copied exactly).
    public convenience init(_ array: NpyArray) {
        self.init(shape: array.shape)
        let values = array.doubles()
        for i in 0..<count { data[i] = Float(values[i]) }
    }
}

extension NpzArchive {
    /// Sets every parameter's values from the member `prefix + name` (PyTorch's state-dict key:
    /// `param.enc.0.weight` with the default prefix, the layout of
    /// `shared/fixtures/trainer/*.npz`).
    ///
    /// - Throws: ``InputError`` naming a missing member, ``NeuralShapeError`` naming the
    ///   parameter whose stored shape differs from the model's; parameters are only changed
    ///   once every member has been found and checked.
    public func loadParameters(_ parameters: [Parameter], prefix: String = "param.") throws {
        var arrays: [NpyArray] = []
        for p in parameters {
            let array = try array(named: prefix + p.name)
            guard array.shape == p.value.shape else {
                throw NeuralShapeError("\(source): '\(prefix + p.name)' has shape \(array.shape); the model's parameter is \(p.value.shape)")
            }
            arrays.append(array)
        }
        for (p, array) in zip(parameters, arrays) {
            let values = array.doubles()
            for i in 0..<p.value.count { p.value.data[i] = Float(values[i]) }
        }
    }
}
