import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { UserError } from "@polyrpc/cli-kit";
import { registryFromFiles } from "./registry-from-files.js";

const file = (name: string, dependency: string[], fields: { name: string; typeName: string }[] = []) =>
  create(FileDescriptorProtoSchema, {
    name,
    package: "t.v1",
    syntax: "proto3",
    dependency,
    messageType: [{ name: name.replace(/\W/g, "_"), field: fields.map((f, i) => ({ name: f.name, number: i + 1, type: 11, label: 1, typeName: f.typeName })) }],
  });

describe("registryFromFiles", () => {
  it("takes files in any order and fills in the well-known types, with JSON names protoc's way", () => {
    const registry = registryFromFiles(
      [file("b.proto", ["a.proto", "google/protobuf/timestamp.proto"], [{ name: "added_at", typeName: ".google.protobuf.Timestamp" }]), file("a.proto", [])],
      "test",
    );
    const message = registry.getMessage("t.v1.b_proto");
    assert.equal(message?.fields[0]?.jsonName, "addedAt");
    assert.equal(message?.fields[0]?.message?.typeName, "google.protobuf.Timestamp");
  });

  it("qualifies the relative type names of protobuf.js descriptors from the innermost scope out", () => {
    const relative = create(FileDescriptorProtoSchema, {
      name: "r.proto",
      package: "t.v1",
      messageType: [
        {
          name: "Outer",
          field: [
            { name: "inner", number: 1, label: 1, typeName: "Inner" },
            { name: "top", number: 2, label: 1, typeName: "Top" },
          ],
          nestedType: [{ name: "Inner" }],
        },
        { name: "Top" },
      ],
      service: [{ name: "S", method: [{ name: "M", inputType: "Outer", outputType: "Outer.Inner" }] }],
    });
    const registry = registryFromFiles([relative], "test");
    const outer = registry.getMessage("t.v1.Outer")!;
    assert.deepEqual(
      outer.fields.map((f) => f.message?.typeName),
      ["t.v1.Outer.Inner", "t.v1.Top"],
    );
    assert.equal(registry.getService("t.v1.S")?.methods[0]?.output.typeName, "t.v1.Outer.Inner");
  });

  it("names a missing import and the file that imports it", () => {
    assert.throws(
      () => registryFromFiles([file("b.proto", ["missing/c.proto"])], "reflection of 127.0.0.1:1"),
      (e: unknown) => e instanceof UserError && e.message === "reflection of 127.0.0.1:1 has no file missing/c.proto, which b.proto imports",
    );
  });
});
