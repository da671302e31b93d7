import { engineStore } from "../../store/app";
import { formatBytes, formatPort } from "../../store/engine-rows";
import { useEngine, useT } from "../hooks";
import { ContainerTable, ImageTable, RegistryTable, VolumeTable } from "./EngineTables";

function EngineStatus() {
  const t = useT();
  const status = useEngine((s) => s.status);
  const error = useEngine((s) => s.error);
  const connected = useEngine((s) => s.eventsConnected);
  const last = useEngine((s) => s.recent[s.recent.length - 1]);
  if (status === "detached") return <p className="muted">{t("engineWaiting")}</p>;
  return (
    <div className="engine-status">
      <span className={`dot ${connected ? "dot-live" : "dot-off"}`} aria-hidden />
      <span>{connected ? t("engineLive") : t("engineNoEvents")}</span>
      {last && (
        <span className="muted event-line">
          {t("lastEvent")}: {last.Type} {last.Action} {last.Actor?.Attributes?.name ?? ""}
        </span>
      )}
      {status === "error" && <span className="error-text">{t("engineError", { message: error ?? "" })}</span>}
      <button type="button" className="small" onClick={() => void engineStore.getState().refresh()}>
        {t("refresh")}
      </button>
    </div>
  );
}

/** Images, containers, volumes and the private registry, as the engine reports them. */
export function EnginePanel() {
  const t = useT();
  const images = useEngine((s) => s.images);
  const containers = useEngine((s) => s.containers);
  const volumes = useEngine((s) => s.volumes);
  const registry = useEngine((s) => s.registry);
  const detached = useEngine((s) => s.status === "detached" && s.updatedAt === null);
  return (
    <div className="engine-panel" data-testid="engine-panel">
      <EngineStatus />
      <div className="engine-grid" hidden={detached}>
        <section>
          <h3>
            {t("containers")} <span className="count">{containers.length}</span>
          </h3>
          <ContainerTable rows={containers} t={t} formatPort={formatPort} />
        </section>
        <section>
          <h3>
            {t("images")} <span className="count">{images.length}</span>
          </h3>
          <ImageTable rows={images} t={t} formatBytes={formatBytes} />
        </section>
        <section>
          <h3>
            {t("volumes")} <span className="count">{volumes.length}</span>
          </h3>
          <VolumeTable rows={volumes} t={t} />
        </section>
        {registry && (
          <section data-testid="registry">
            <h3>
              {t("registry")} <span className="muted">{registry.url}</span>
            </h3>
            <RegistryTable registry={registry} t={t} />
          </section>
        )}
      </div>
    </div>
  );
}
