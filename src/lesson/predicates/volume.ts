import { bi } from "../bilingual";
import type { VolumeInspect } from "../engine-types";
import { join, readBody, readBoolean, readNonEmptyString, readObjectName, readOptional, readRequired, readString } from "../read-values";
import { fail, PASS, type CheckBase, type CheckKind } from "./predicate";

/** `volume:` — a volume in the engine, optionally holding a file. */
export interface VolumeCheck extends CheckBase {
  kind: "volume";
  name: string;
  exists: boolean;
  driver?: string;
  /** A file inside the volume (path relative to its root), optionally containing a text. */
  file?: { path: string; contains?: string };
}

/** `volume:` — judged by GET /volumes/{name}; a file in it is read under the volume's Mountpoint in the guest. */
export const volumeKind: CheckKind<VolumeCheck> = {
  key: "volume",
  mainKey: "name",
  keys: ["name", "exists", "driver", "file"],
  doc: {
    asks: "a volume (with this driver; holding a file, containing a text); or none such",
    judgedBy: "GET /volumes/{name}, then the file under its Mountpoint in the VM",
  },

  parse(site, o, where) {
    const check: VolumeCheck = {
      kind: "volume",
      name: readObjectName(site, o, where, "volume") ?? "",
      exists: readOptional(o, "exists", (v, at) => readBoolean(site, v, at), where) ?? true,
    };
    const driver = readOptional(o, "driver", (v, at) => readNonEmptyString(site, v, at), where);
    if (driver) check.driver = driver;
    if (o.file !== undefined) {
      const at = join(where, "file");
      const f = readBody(site, o.file, at, "path", ["path", "contains"]);
      const path = f && readRequired(site, f, "path", at);
      if (path !== undefined && (path.startsWith("/") || path.split("/").includes(".."))) {
        site.sink.error(site.file, `path is relative to the volume's root, without ..; found "${path}"`, join(at, "path"));
      } else if (f && path !== undefined) {
        check.file = { path };
        const contains = readOptional(f, "contains", (v, a) => readString(site, v, a), at);
        if (contains !== undefined) check.file.contains = contains;
      }
    }
    if (!check.exists && (driver || check.file)) site.sink.warn(site.file, "driver/file are ignored when exists is false", where);
    return check;
  },

  describe(c) {
    if (!c.exists) return bi(`不存在数据卷 ${c.name}`, `no volume ${c.name}`);
    const zh: string[] = [];
    const en: string[] = [];
    if (c.driver) {
      zh.push(`驱动 ${c.driver}`);
      en.push(`driver ${c.driver}`);
    }
    if (c.file) {
      zh.push(`其中有文件 ${c.file.path}${c.file.contains === undefined ? "" : `（包含“${c.file.contains}”）`}`);
      en.push(`holding a file ${c.file.path}${c.file.contains === undefined ? "" : ` containing "${c.file.contains}"`}`);
    }
    return bi(`存在数据卷 ${c.name}${zh.length ? `，${zh.join("，")}` : ""}`, `a volume ${c.name}${en.length ? ` ${en.join(", ")}` : ""}`);
  },

  async evaluate(c, s) {
    const volume = (await s.engineGet<VolumeInspect>(`/volumes/${encodeURIComponent(c.name)}`)).body;
    if (!c.exists) return volume ? fail(bi(`数据卷 ${c.name} 仍然存在`, `The volume ${c.name} still exists`)) : PASS;
    if (!volume) return fail(bi(`没有找到数据卷 ${c.name}`, `No volume ${c.name}`));
    const unmet = [];
    if (c.driver && volume.Driver !== c.driver)
      unmet.push(bi(`数据卷 ${c.name} 的驱动是 ${volume.Driver}，应为 ${c.driver}`, `The volume ${c.name} uses the driver ${volume.Driver}, not ${c.driver}`));
    if (c.file) {
      const text = volume.Mountpoint ? await s.readText(`${volume.Mountpoint.replace(/\/+$/, "")}/${c.file.path}`) : null;
      if (text === null) unmet.push(bi(`数据卷 ${c.name} 中没有文件 ${c.file.path}`, `The volume ${c.name} holds no file ${c.file.path}`));
      else if (c.file.contains !== undefined && !text.includes(c.file.contains)) {
        unmet.push(
          bi(`数据卷 ${c.name} 中的 ${c.file.path} 没有“${c.file.contains}”`, `${c.file.path} in the volume ${c.name} does not contain "${c.file.contains}"`),
        );
      }
    }
    return unmet.length ? fail(...unmet) : PASS;
  },
};
