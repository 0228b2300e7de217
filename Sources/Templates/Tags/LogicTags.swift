/// The tags of logic and output: if, for, with, cycle, firstof, ifchanged, … (being written).
enum LogicTags {
    static let all: [(String, TagCompiler)] = []
}
