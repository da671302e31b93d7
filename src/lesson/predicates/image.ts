import { bi } from "../bilingual";
import type { CheckSession } from "../check-session";
import type { ImageInspect } from "../engine-types";
import { join, readBoolean, readImageRef, readOptional, readRequired, readStringMap } from "../read-values";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

/** `image:` — an image in the engine's store. */
export interface ImageCheck extends CheckBase {
  kind: "image";
  ref: string;
  exists: boolean;
  /** Labels the image must carry (Config.Labels), values compared as strings. */
  label?: Record<string, string>;
  /** Another reference that must resolve to the same image ID. */
  sameIdAs?: string;
}

/** `image:` — judged by GET /images/{ref}/json (the engine resolves `nginx` to `nginx:latest` itself). */
export const imageKind: CheckKind<ImageCheck> = {
  key: "image",
  mainKey: "ref",
  keys: ["ref", "exists", "label", "sameIdAs"],
  doc: { asks: "an image in the engine (with these labels; the same image ID as another reference)", judgedBy: "GET /images/{ref}/json" },

  parse(site, o, where) {
    const ref = o.ref === undefined ? readRequired(site, o, "ref", where) : readImageRef(site, o.ref, join(where, "ref"));
    const check: ImageCheck = { kind: "image", ref: ref ?? "", exists: readOptional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true };
    const label = readOptional(o, "label", (v, at) => readStringMap(site, v, at), where);
    if (label) check.label = label;
    const same = readOptional(o, "sameIdAs", (v, at) => readImageRef(site, v, at), where);
    if (same) check.sameIdAs = same;
    if (!check.exists && (label || same)) site.sink.warn(site.file, "label/sameIdAs are ignored when exists is false", where);
    return check;
  },

  describe(c) {
    if (!c.exists) return bi(`不存在镜像 ${c.ref}`, `no image ${c.ref}`);
    const extras: string[][] = [];
    for (const [k, v] of Object.entries(c.label ?? {})) extras.push([`标签 ${k}=${v}`, `label ${k}=${v}`]);
    if (c.sameIdAs) extras.push([`与 ${c.sameIdAs} 是同一个镜像`, `same image as ${c.sameIdAs}`]);
    const zh = extras.length ? `（${extras.map((e) => e[0]).join("，")}）` : "";
    const en = extras.length ? ` (${extras.map((e) => e[1]).join(", ")})` : "";
    return bi(`存在镜像 ${c.ref}${zh}`, `an image ${c.ref}${en}`);
  },

  async evaluate(c, s) {
    const image = await inspectImage(s, c.ref);
    if (!c.exists) return image ? fail(bi(`镜像 ${c.ref} 仍然存在`, `The image ${c.ref} still exists`)) : PASS;
    if (!image) return fail(bi(`没有找到镜像 ${c.ref}`, `No image ${c.ref}`));
    const unmet = [];
    const labels = image.Config?.Labels ?? {};
    for (const [key, want] of Object.entries(c.label ?? {})) {
      const have = labels[key];
      if (have === undefined) unmet.push(bi(`镜像 ${c.ref} 没有标签 ${key}`, `The image ${c.ref} has no label ${key}`));
      else if (have !== want)
        unmet.push(bi(`镜像 ${c.ref} 的标签 ${key} 是“${have}”，应为“${want}”`, `The image ${c.ref} has label ${key}="${have}", expected "${want}"`));
    }
    if (c.sameIdAs) {
      const other = await inspectImage(s, c.sameIdAs);
      if (!other) unmet.push(bi(`没有找到镜像 ${c.sameIdAs}`, `No image ${c.sameIdAs}`));
      else if (other.Id !== image.Id) {
        unmet.push(
          bi(
            `${c.ref} 与 ${c.sameIdAs} 不是同一个镜像（IMAGE ID ${shortId(image.Id)} ≠ ${shortId(other.Id)}）`,
            `${c.ref} and ${c.sameIdAs} are different images (IMAGE ID ${shortId(image.Id)} ≠ ${shortId(other.Id)})`,
          ),
        );
      }
    }
    return unmet.length ? fail(...unmet) : PASS;
  },
};

export async function inspectImage(s: CheckSession, ref: string): Promise<ImageInspect | undefined> {
  return (await s.engineGet<ImageInspect>(`/images/${ref}/json`)).body;
}

/** `sha256:377c0837328f…` → `377c0837328f`, as `docker images` shows it. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}
