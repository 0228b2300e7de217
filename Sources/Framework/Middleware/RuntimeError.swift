/// A Python RuntimeError, as Django raises for a state the code cannot go on from: CommonMiddleware
/// with DEBUG, when APPEND_SLASH would redirect a request whose body the redirect would lose.
public struct RuntimeError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
