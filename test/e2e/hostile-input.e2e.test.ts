import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { expectCleanFailure, fixture, runCli } from "../harness/cli";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ephi-guard-hostile-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, content);
  return f;
};

describe("hostile exports for scan", () => {
  const exportFile = path.join(tmp, "good.json");
  beforeAll(() => {
    const r = runCli(["preview", "--cwd", fixture("foundation-insecure"), "--stack", "dev", "--export", exportFile]);
    expect(r.code).toBe(1);
  });

  test("a truncated export", () => {
    const text = fs.readFileSync(exportFile, "utf8");
    expectCleanFailure(
      runCli(["scan", file("truncated.json", text.slice(0, text.length / 2))]),
      /truncated\.json: not valid JSON/,
    );
  });

  test("binary garbage", () => {
    expectCleanFailure(runCli(["scan", file("binary.json", randomBytes(64 * 1024))]), /binary\.json: not valid JSON/);
  });

  test("valid JSON of the wrong shape", () => {
    expectCleanFailure(runCli(["scan", file("array.json", "[1,2,3]")]), /array\.json: expected a JSON object/);
    expectCleanFailure(
      runCli(["scan", file("other.json", '{"hello": "world"}')]),
      /other\.json: neither a `pulumi stack export`/,
    );
  });

  test("a wrongly versioned export", () => {
    const doc = JSON.parse(fs.readFileSync(exportFile, "utf8"));
    expectCleanFailure(
      runCli(["scan", file("v4.json", JSON.stringify({ ...doc, version: 4 }))]),
      /v4\.json: version: deployment version 4 is not supported/,
    );
  });

  test("resources of the wrong types name the field", () => {
    const doc = JSON.parse(fs.readFileSync(exportFile, "utf8"));
    doc.deployment.resources[2].dependencies = "not-a-list";
    expectCleanFailure(
      runCli(["scan", file("deps.json", JSON.stringify(doc))]),
      /deps\.json: deployment\.resources\[2\]\.dependencies: expected a list of strings/,
    );
    doc.deployment.resources[2].dependencies = [];
    doc.deployment.resources[3].inputs = [1];
    expectCleanFailure(
      runCli(["scan", file("inputs.json", JSON.stringify(doc))]),
      /inputs\.json: deployment\.resources\[3\]\.inputs: expected an object/,
    );
  });

  test("a huge (100 MB) document", () => {
    const huge = path.join(tmp, "huge.json");
    const fd = fs.openSync(huge, "w");
    fs.writeSync(fd, '{"version": 3, "deployment": {"resources": "');
    const chunk = "x".repeat(1024 * 1024);
    for (let i = 0; i < 100; i++) fs.writeSync(fd, chunk);
    fs.writeSync(fd, '"}}');
    fs.closeSync(fd);
    expectCleanFailure(runCli(["scan", huge]), /huge\.json: deployment\.resources: expected a list/);
  });

  test("a path that cannot be read as a file", () => {
    // CI runs as root, which reads any mode; a directory and a path through a file are unreadable for anyone
    expectCleanFailure(runCli(["scan", tmp]), /not a regular file/);
    expectCleanFailure(runCli(["scan", path.join(exportFile, "inside")]), /cannot read: ENOTDIR/);
  });
});

describe("packs that fail", () => {
  const preview = (pack: string, env?: NodeJS.ProcessEnv) =>
    runCli(
      [
        "preview",
        "--cwd",
        fixture("foundation-insecure"),
        "--stack",
        "dev",
        "--policy-pack",
        fixture(path.join("packs", pack)),
      ],
      { env },
    );

  test("a pack that throws while loading", () => {
    expectCleanFailure(
      preview("throws"),
      /failed to start \(exit \d+\) before writing its port:[\s\S]*boom: the pack cannot load its catalogue/,
    );
  });

  test("a pack that prints something else before its port", () => {
    expectCleanFailure(
      preview("prints-garbage"),
      /failed to start: it wrote an invalid port "loading ephi-guard rules\.\.\."/,
    );
  });

  test("a pack that never prints its port is killed after the start timeout", () => {
    expectCleanFailure(preview("silent", { EPHI_GUARD_PACK_START_TIMEOUT_MS: "3000" }), /wrote no port within 3 s/);
  });
});
