/// Every built-in tag of Django, by name.
enum BuiltinTags {
    static let all: [(String, TagCompiler)] = CoreTags.all + LogicTags.all + InheritanceTags.all
}
