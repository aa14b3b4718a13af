/// A 3 x 3, stride 1, padding 1 convolution of single-channel images computed directly and
/// pooled on the fly, for ``ConvolutionActivationPool`` when it is a network's first layer.
///
/// With one input channel the column matrix has 9 rows: the matrix product is mostly memory
/// traffic (im2col, the product's write and read, BLAS's packing), and the full-size map is
/// the network's largest tensor. Here each pair of map rows is computed in registers and
/// pooled at once; the weight gradient is gathered from the pooled winners alone, the only
/// non-zero entries of d(loss)/d(map). Images are read from a copy with a zero border
/// (``pad(_:_:samples:height:width:)``), so the loops have no bounds tests.
enum SingleChannelConvolution {
    /// Floats of the padded copy of `samples` images: the images plus 4 of slack, because the
    /// gradient reads 4-float rows of which the last float may lie past the last image.
    static func paddedCount(samples: Int, height: Int, width: Int) -> Int { samples * (height + 2) * (width + 2) + 4 }

    /// Copies `[N, 1, H, W]` into `[N, H + 2, W + 2]` with a zero border (and zero slack).
    static func pad(_ input: UnsafePointer<Float>, _ padded: UnsafeMutablePointer<Float>, samples: Int, height: Int, width: Int) {
        let stride = width + 2
        padded.update(repeating: 0, count: paddedCount(samples: samples, height: height, width: width))
        for n in 0..<samples {
            for y in 0..<height {
                (padded + (n * (height + 2) + y + 1) * stride + 1).update(from: input + (n * height + y) * width, count: width)
            }
        }
    }

    /// One output channel of one sample: the map (weights `w`, 9 floats in row-major order,
    /// summed tap by tap in that order) plus `bias`, LeakyReLU and 2 x 2 pooling into `values`
    /// and `codes` as ``PoolingKernels/poolPlane(_:width:rows:columns:bias:slope:_:_:)`` would
    /// from the map. `image` is the sample's padded copy.
    static func poolPlane(_ image: UnsafePointer<Float>, height: Int, width: Int, weights w: UnsafePointer<Float>,
                          bias: Float, slope: Float, _ values: UnsafeMutablePointer<Float>, _ codes: UnsafeMutablePointer<UInt8>) {
        let stride = width + 2, rows = height / 2, columns = width / 2
        for oy in 0..<rows {
            let top = image + 2 * oy * stride
            let rowValues = values + oy * columns, rowCodes = codes + oy * columns
            var ox = 0
            while ox + 4 <= columns {
                var upperLeft = SIMD4<Float>(), upperRight = upperLeft, lowerLeft = upperLeft, lowerRight = upperLeft
                for i in 0..<3 {
                    for j in 0..<3 {
                        let weight = w[i * 3 + j], up = top + i * stride + 2 * ox + j, down = up + stride
                        upperLeft += weight * PoolingKernels.load(up)
                        upperRight += weight * PoolingKernels.load(up + 4)
                        lowerLeft += weight * PoolingKernels.load(down)
                        lowerRight += weight * PoolingKernels.load(down + 4)
                    }
                }
                let (a, b) = PoolingKernels.split(PoolingKernels.activate(upperLeft, bias: bias, slope: slope),
                                                  PoolingKernels.activate(upperRight, bias: bias, slope: slope))
                let (c, d) = PoolingKernels.split(PoolingKernels.activate(lowerLeft, bias: bias, slope: slope),
                                                  PoolingKernels.activate(lowerRight, bias: bias, slope: slope))
                PoolingKernels.storeMaxima(a, b, c, d, rowValues + ox, rowCodes + ox)
                ox += 4
            }
            while ox < columns {
                var window = SIMD4<Float>()
                for i in 0..<3 {
                    for j in 0..<3 {
                        let weight = w[i * 3 + j], up = top + i * stride + 2 * ox + j, down = up + stride
                        window += weight * SIMD4(up[0], up[1], down[0], down[1])
                    }
                }
                let v = PoolingKernels.activate(window, bias: bias, slope: slope)
                (rowValues[ox], rowCodes[ox]) = PoolingKernels.firstMaximum(v[0], v[1], v[2], v[3])
                ox += 1
            }
        }
    }

    /// Adds channel `c`'s d(loss)/d(weight) (9 floats, row-major) and d(loss)/d(bias): each
    /// pooled gradient of `g` (times `slope` where the pooled output `y` is not positive) times
    /// the 3 x 3 neighbourhood of its winner in the padded images. `g`, `y` and `codes` are
    /// `[N, channels, H / 2, W / 2]`. Each plane is summed in Float, the planes in Double in
    /// sample order, so the result does not depend on the thread count.
    static func accumulateGradient(channel c: Int, channels: Int, samples: Int, height: Int, width: Int,
                                   _ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ codes: UnsafePointer<UInt8>,
                                   padded: UnsafePointer<Float>, slope: Float,
                                   weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>) {
        let stride = width + 2, rows = height / 2, columns = width / 2
        var total0 = SIMD4<Double>(), total1 = total0, total2 = total0, biasTotal = 0.0
        for n in 0..<samples {
            let plane = (n * channels + c) * rows * columns, image = padded + n * (height + 2) * stride
            var row0 = SIMD4<Float>(), row1 = row0, row2 = row0, biasSum: Float = 0
            for oy in 0..<rows {
                for ox in 0..<columns {
                    let o = plane + oy * columns + ox, v = g[o]
                    let gradient = y[o] > 0 ? v : slope * v, code = Int(codes[o])
                    let corner = image + (2 * oy + (code >> 1)) * stride + 2 * ox + (code & 1)
                    row0 += gradient * PoolingKernels.load(corner)
                    row1 += gradient * PoolingKernels.load(corner + stride)
                    row2 += gradient * PoolingKernels.load(corner + 2 * stride)
                    biasSum += gradient
                }
            }
            total0 += SIMD4<Double>(row0)
            total1 += SIMD4<Double>(row1)
            total2 += SIMD4<Double>(row2)
            biasTotal += Double(biasSum)
        }
        for j in 0..<3 {
            weightGradient[j] += Float(total0[j])
            weightGradient[3 + j] += Float(total1[j])
            weightGradient[6 + j] += Float(total2[j])
        }
        biasGradient[0] += Float(biasTotal)
    }
}
