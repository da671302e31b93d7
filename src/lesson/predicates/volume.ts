import { bi } from "../bilingual";
import type { VolumeCheck } from "../check-types";
import type { VolumeInspect } from "../engine-types";
import { fail, PASS, type Predicate } from "./predicate";

/** `volume:` — judged by GET /volumes/{name}; a file in it is read under the volume's Mountpoint in the guest. */
export const volumePredicate: Predicate<VolumeCheck> = {
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
    if (c.driver && volume.Driver !== c.driver) unmet.push(bi(`数据卷 ${c.name} 的驱动是 ${volume.Driver}，应为 ${c.driver}`, `The volume ${c.name} uses the driver ${volume.Driver}, not ${c.driver}`));
    if (c.file) {
      const text = volume.Mountpoint ? await s.readText(`${volume.Mountpoint.replace(/\/+$/, "")}/${c.file.path}`) : null;
      if (text === null) unmet.push(bi(`数据卷 ${c.name} 中没有文件 ${c.file.path}`, `The volume ${c.name} holds no file ${c.file.path}`));
      else if (c.file.contains !== undefined && !text.includes(c.file.contains)) {
        unmet.push(bi(`数据卷 ${c.name} 中的 ${c.file.path} 没有“${c.file.contains}”`, `${c.file.path} in the volume ${c.name} does not contain "${c.file.contains}"`));
      }
    }
    return unmet.length ? fail(...unmet) : PASS;
  },
};
