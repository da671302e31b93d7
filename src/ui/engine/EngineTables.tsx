import type { ContainerRow, ImageRow, PortRow, VolumeRow } from "../../store/engine-rows";
import type { RegistryView } from "../../store/engine-store";
import type { Translate } from "../hooks";

// Every value below comes from the guest: rendered as React text only.

function Empty({ t, cols }: { t: Translate; cols: number }) {
  return (
    <tr>
      <td colSpan={cols} className="muted">
        {t("none")}
      </td>
    </tr>
  );
}

export function ContainerTable({ rows, t, formatPort }: { rows: ContainerRow[]; t: Translate; formatPort(p: PortRow): string }) {
  return (
    <table className="data" data-testid="containers">
      <thead>
        <tr>
          <th>{t("colName")}</th>
          <th>{t("colImage")}</th>
          <th>{t("colStatus")}</th>
          <th>{t("colPorts")}</th>
          <th>{t("colMounts")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && <Empty t={t} cols={5} />}
        {rows.map((c) => (
          <tr key={c.id} className={`state-${c.state}`}>
            <td title={c.shortId}>
              <span className={`dot dot-${c.state === "running" ? "live" : "off"}`} aria-hidden /> {c.name}
            </td>
            <td>{c.image}</td>
            <td>{c.status}</td>
            <td>{c.ports.map(formatPort).join(", ")}</td>
            <td className="wrap">{c.mounts.join(", ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ImageTable({ rows, t, formatBytes }: { rows: ImageRow[]; t: Translate; formatBytes(n: number): string }) {
  return (
    <table className="data" data-testid="images">
      <thead>
        <tr>
          <th>{t("colRepoTag")}</th>
          <th>{t("colId")}</th>
          <th className="num">{t("colSize")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && <Empty t={t} cols={3} />}
        {rows.map((r) => (
          <tr key={`${r.ref}-${r.shortId}`}>
            <td>{r.ref}</td>
            <td className="mono">{r.shortId}</td>
            <td className="num">{formatBytes(r.size)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function VolumeTable({ rows, t }: { rows: VolumeRow[]; t: Translate }) {
  return (
    <table className="data" data-testid="volumes">
      <thead>
        <tr>
          <th>{t("colName")}</th>
          <th>{t("colDriver")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && <Empty t={t} cols={2} />}
        {rows.map((v) => (
          <tr key={v.name}>
            <td className="mono" title={v.mountpoint}>
              {v.name}
            </td>
            <td>{v.driver}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RegistryTable({ registry, t }: { registry: RegistryView; t: Translate }) {
  if (registry.error) return <p className="error-text">{registry.error}</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th>{t("colRepository")}</th>
          <th>{t("colTags")}</th>
        </tr>
      </thead>
      <tbody>
        {registry.repositories.length === 0 && (
          <tr>
            <td colSpan={2} className="muted">
              {t("registryEmpty")}
            </td>
          </tr>
        )}
        {registry.repositories.map((r) => (
          <tr key={r.name}>
            <td>{r.name}</td>
            <td>{r.tags.join(", ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
