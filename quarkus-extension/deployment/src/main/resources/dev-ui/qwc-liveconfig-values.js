import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';
import '@vaadin/grid';
import '@vaadin/grid/vaadin-grid-sort-column.js';

/**
 * Every key the LiveConfig namespaces hold: the value as published and as the app resolves it (secrets masked), and the
 * config source the app's value comes from, which shows when a system property or an environment variable overrides it.
 */
export class QwcLiveconfigValues extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; height: 100%; }
        .overridden { color: var(--lumo-warning-text-color, var(--lumo-error-text-color)); }
        .muted { color: var(--lumo-contrast-50pct); }
    `;

    static properties = {
        _values: { state: true }
    };

    connectedCallback() {
        super.connectedCallback();
        this.jsonRpc.getValues().then(response => this._values = response.result);
    }

    render() {
        if (!this._values) {
            return html`<span>Loading…</span>`;
        }
        return html`
            <vaadin-grid .items="${this._values}" theme="no-border" all-rows-visible>
                <vaadin-grid-sort-column path="key" header="Key" auto-width resizable></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="namespace" header="Namespace" auto-width resizable></vaadin-grid-sort-column>
                <vaadin-grid-column header="Published" auto-width resizable
                    ${columnBodyRenderer(value => html`<code>${value.publishedValue}</code>${value.secret ? html` <span class="muted">(secret)</span>` : ''}`, [])}>
                </vaadin-grid-column>
                <vaadin-grid-column header="App's value" auto-width resizable
                    ${columnBodyRenderer(value => value.problem
                        ? html`<span class="muted">${value.problem}</span>`
                        : html`<code>${value.value}</code>`, [])}>
                </vaadin-grid-column>
                <vaadin-grid-column header="From (ordinal)" auto-width resizable
                    ${columnBodyRenderer(value => value.sourceName
                        ? html`<span class="${value.overridden ? 'overridden' : ''}">${value.sourceName} (${value.sourceOrdinal})${value.overridden ? ' — overrides LiveConfig' : ''}</span>`
                        : '', [])}>
                </vaadin-grid-column>
            </vaadin-grid>`;
    }
}
customElements.define('qwc-liveconfig-values', QwcLiveconfigValues);
