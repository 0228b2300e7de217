// For comparison with scripts/bench.sh: llhttp as bundled in Node parses the same 608-byte
// browser request; Node hands the parsed head to JavaScript (kOnHeadersComplete) as we hand
// Swift an owned message, so both numbers include materialising the head.
const { HTTPParser } = require('_http_common');
const req = Buffer.from(
  "GET /polls/3/results/?utm_source=newsletter&utm_medium=email HTTP/1.1\r\n" +
  "Host: www.example.com\r\n" +
  "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n" +
  "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" +
  "Accept-Language: en-GB,en;q=0.5\r\n" +
  "Accept-Encoding: gzip, deflate, br, zstd\r\n" +
  "Referer: https://www.example.com/polls/3/\r\n" +
  "Connection: keep-alive\r\n" +
  "Cookie: csrftoken=Xk3lT0bE9vJ2mQ7pR4sW8yZ1aC5dF6gH; sessionid=q8w7e6r5t4y3u2i1o0p9\r\n" +
  "Upgrade-Insecure-Requests: 1\r\n" +
  "Sec-Fetch-Dest: document\r\n" +
  "Sec-Fetch-Mode: navigate\r\n" +
  "Sec-Fetch-Site: same-origin\r\n" +
  "Priority: u=0, i\r\n\r\n");
const parser = new HTTPParser();
let n = 0;
parser[HTTPParser.kOnHeadersComplete] = () => { n++; };
parser.initialize(HTTPParser.REQUEST, {});
const N = 2_000_000;
let best = Infinity;
for (let r = 0; r < 5; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N / 5; i++) parser.execute(req);
  const ns = Number(process.hrtime.bigint() - t0) / (N / 5);
  best = Math.min(best, ns);
}
console.log(`llhttp (node ${process.version}): ${best.toFixed(1)} ns/req, ${(req.length / best * 1e3).toFixed(0)} MB/s [${req.length} B], parsed ${n}`);
