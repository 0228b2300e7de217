/// The tags of logic and output: if, for, with, cycle, resetcycle, firstof, ifchanged,
/// spaceless, widthratio, filter, regroup, now, lorem, querystring, partialdef, partial,
/// csrf_token, csp_nonce_attr and url.
enum LogicTags {
    static let all: [(String, TagCompiler)] = [
        ("if", { try IfTag.compile($0, $1) }),
        ("for", { try ForTag.compile($0, $1) }),
        ("with", { try WithTag.compile($0, $1) }),
        ("cycle", { try CycleTag.compile($0, $1) }),
        ("resetcycle", { try CycleTag.compileReset($0, $1) }),
        ("firstof", { try FirstofTag.compile($0, $1) }),
        ("ifchanged", { try IfchangedTag.compile($0, $1) }),
        ("spaceless", { try SpacelessTag.compile($0, $1) }),
        ("widthratio", { try WidthratioTag.compile($0, $1) }),
        ("filter", { try FilterTag.compile($0, $1) }),
        ("regroup", { try RegroupTag.compile($0, $1) }),
        ("now", { try NowTag.compile($0, $1) }),
        ("lorem", { try LoremTag.compile($0, $1) }),
        ("querystring", { try QuerystringTag.compile($0, $1) }),
        ("partialdef", { try PartialTags.compileDef($0, $1) }),
        ("partial", { try PartialTags.compileUse($0, $1) }),
        ("csrf_token", { try CsrfTokenTag.compile($0, $1) }),
        ("csp_nonce_attr", { try CspNonceTag.compile($0, $1) }),
        ("url", { try URLTag.compile($0, $1) }),
    ]
}
