import { Component, type ReactNode } from "react";
import { translate } from "./i18n";
import { prefsStore } from "../store/app";

interface Props {
  name: string;
  children: ReactNode;
}
interface State {
  error: Error | null;
}

/** One failing panel shows its error and a retry; the rest of the page keeps working. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error): void {
    console.error(`[${this.props.name}]`, error);
  }

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const lang = prefsStore.getState().lang;
    return (
      <div className="panel-error" role="alert">
        <p>{translate(lang, "panelCrashed", { message: error.message || String(error) })}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          {translate(lang, "panelRetry")}
        </button>
      </div>
    );
  }
}
