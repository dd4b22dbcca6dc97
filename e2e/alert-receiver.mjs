// A stand-in for the alert channels of the browser tests: one HTTP server taking webhook, Slack
// and Teams posts by path, and one SMTP server taking e-mail, each recording what came. The tests
// read it all from GET /received. Ports: ALERT_RECEIVER_PORT (HTTP) and ALERT_SMTP_PORT.
import { createServer } from "node:http";
import { SMTPServer } from "smtp-server";

const requests = [];
const mails = [];
const http = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/received") {
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ requests, mails }));
    return;
  }
  if (req.method === "GET") {
    res.writeHead(200).end("ok");
    return;
  }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    requests.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
    res.writeHead(200).end("ok");
  });
});
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      callback();
    });
  },
});
smtp.listen(Number(process.env.ALERT_SMTP_PORT ?? 4196), "127.0.0.1", () => {
  http.listen(Number(process.env.ALERT_RECEIVER_PORT ?? 4195), "127.0.0.1");
});
