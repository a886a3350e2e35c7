/// A lesson that cannot be used, with where and why. Printed as
/// `file:line:col: error: expected …, found …` plus a hint line.
public struct LessonError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case unreadableFile
        case frontMatter
        case unterminatedFrontMatter
        case missingField
        case unknownStage
        case unknownStep
        case unknownDirective
        case missingIncludeFile
        case missingRegion
        case unterminatedFence
        case unterminatedMath
        case unterminatedDirective
        case duplicateID
        case unknownRequirement
        case invalidID
        case outsideCourse
        case notRegularFile
        case tooDeep
    }

    public var kind: Kind
    public var location: SourceLocation
    public var expected: String
    public var found: String
    public var hint: String

    public init(_ kind: Kind, at location: SourceLocation, expected: String, found: String, hint: String) {
        self.kind = kind
        self.location = location
        self.expected = expected
        self.found = found
        self.hint = hint
    }

    public var description: String {
        "\(location): error: expected \(expected), found \(found)\nhint: \(hint)"
    }
}
