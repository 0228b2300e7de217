/// extends, block and include (being written).
enum InheritanceTags {
    static let all: [(String, TagCompiler)] = []
}
