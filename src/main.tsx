import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { connectStores, sessionStore } from "./store/app";
import { App } from "./ui/App";
import "./ui/styles.css";

connectStores();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void sessionStore.getState().open();
