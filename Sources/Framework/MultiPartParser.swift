/// MultiPartParser: multipart/form-data bodies into fields and files (being written).
struct MultiPartParser {
    let request: HTTPRequest
    init(request: HTTPRequest) { self.request = request }
    func parse() throws -> (QueryDict, [String: [UploadedFile]]) {
        throw MultiPartParserError("multipart/form-data is not supported yet")
    }
}
