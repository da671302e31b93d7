import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { connectStores, sessionStore } from "./store/app";
import { startOfflineWorker } from "./sw/register";
import { App } from "./ui/App";
import "./ui/styles.css";

connectStores();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// First visit: the offline worker takes control before the VM download starts, so that download is cached.
void startOfflineWorker().then(() => sessionStore.getState().open());
