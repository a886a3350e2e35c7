// Linalg owns dense matrices and the kernels that multiply them. It knows nothing about
// neural networks, lessons or data files.

#if canImport(Glibc)
import Glibc
@usableFromInline typealias CMath = Glibc_Namespace
@usableFromInline enum Glibc_Namespace {
    @inlinable static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inlinable static func log(_ x: Double) -> Double { Glibc.log(x) }
    @inlinable static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    @inlinable static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
}
#elseif canImport(Darwin)
import Darwin
@usableFromInline typealias CMath = Darwin_Namespace
@usableFromInline enum Darwin_Namespace {
    @inlinable static func exp(_ x: Double) -> Double { Darwin.exp(x) }
    @inlinable static func log(_ x: Double) -> Double { Darwin.log(x) }
    @inlinable static func tanh(_ x: Double) -> Double { Darwin.tanh(x) }
    @inlinable static func pow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
}
#endif

/// The scalar types a `Matrix` can hold: `Float` (fast training) and `Double` (gradient
/// checks). The elementary functions are spelled out here so generic numeric code can call
/// them without Foundation, and so each type uses its own precision (`expf` vs `exp`).
public protocol Real: BinaryFloatingPoint, SIMDScalar, Sendable, Codable, LosslessStringConvertible
where Self.RawSignificand: FixedWidthInteger {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: Real {
    @inlinable public static func exp(_ x: Float) -> Float { expf(x) }
    @inlinable public static func log(_ x: Float) -> Float { logf(x) }
    @inlinable public static func sqrt(_ x: Float) -> Float { x.squareRoot() }
    @inlinable public static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}

extension Double: Real {
    @inlinable public static func exp(_ x: Double) -> Double { CMath.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { CMath.log(x) }
    @inlinable public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    @inlinable public static func tanh(_ x: Double) -> Double { CMath.tanh(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { CMath.pow(x, y) }
}
