import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/button';

/**
 * The connection to the LiveConfig cluster, the namespaces with their applied revisions, the rejections, and where the
 * server is.
 */
export class QwcLiveconfigStatus extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: 1em; padding: 0 1em; }
        table { border-collapse: collapse; }
        th, td { text-align: left; padding: 0.2em 1em 0.2em 0; }
        .connected { color: var(--lumo-success-text-color); }
        .offline { color: var(--lumo-error-text-color); }
        .muted { color: var(--lumo-contrast-50pct); }
    `;

    static properties = {
        _sources: { state: true },
        _server: { state: true }
    };

    connectedCallback() {
        super.connectedCallback();
        this._refresh();
    }

    _refresh() {
        this.jsonRpc.getSources().then(response => this._sources = response.result);
        this.jsonRpc.getServer().then(response => this._server = response.result);
    }

    render() {
        if (!this._sources || !this._server) {
            return html`<span>Loading…</span>`;
        }
        return html`
            ${this._renderServer()}
            ${this._sources.length === 0
                ? html`<p>LiveConfig is inactive: no namespace is configured (<code>quarkus.liveconfig.namespaces</code>).</p>`
                : this._sources.map(source => this._renderSource(source))}
            <div><vaadin-button theme="small" @click=${() => this._refresh()}>Refresh</vaadin-button></div>`;
    }

    _renderServer() {
        const server = this._server;
        return html`<div>
            <strong>Server:</strong>
            ${server.url
                ? html`<a href="${server.url}" target="_blank" rel="noopener">${server.url}</a>`
                : html`<span class="muted">REST API not configured (<code>quarkus.liveconfig.server-url</code>);</span>`}
            cluster <code>${server.clusterName}</code> at <code>${server.addresses.join(', ')}</code>
        </div>`;
    }

    _renderSource(source) {
        return html`<div>
            <h3>${source.name} <span class="muted">(ordinal ${source.ordinal})</span></h3>
            <p>
                ${source.connected
                    ? html`<span class="connected">Connected</span>`
                    : html`<span class="offline">Offline${source.offlineSince ? ' since ' + source.offlineSince : ''}</span>`}
                ${source.savedCopySince ? html` — serving saved copies since ${source.savedCopySince}` : ''}
                ${source.stale ? html` — values may be stale` : ''}
            </p>
            <table>
                <tr><th>Namespace</th><th>Revision</th><th>Epoch</th><th>Keys</th></tr>
                ${source.namespaces.map(ns => html`<tr>
                    <td><code>${ns.name}</code></td>
                    <td>${ns.held ? ns.revision : html`<span class="muted">none held</span>`}</td>
                    <td>${ns.epoch}</td>
                    <td>${ns.keys}</td>
                </tr>`)}
            </table>
            <p>
                Rejected revisions: ${source.rejectedRevisions};
                untrusted publications: ${source.untrustedPublications};
                resync catch-ups: ${source.resyncCatchUps};
                change events delivered/failed: ${source.changeEventsDelivered}/${source.changeEventsFailed}
            </p>
            ${source.rejections.length === 0 ? '' : html`
                <h4>Rejections (newest last)</h4>
                <ul>${source.rejections.map(rejection => html`<li><code>${rejection}</code></li>`)}</ul>`}
        </div>`;
    }
}
customElements.define('qwc-liveconfig-status', QwcLiveconfigStatus);
