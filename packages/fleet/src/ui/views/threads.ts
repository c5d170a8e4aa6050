import { html } from '../html.js';
import type { Conversation, ConversationMessages, Delivery } from '../queries/threads.js';
import type { Page } from './layout.js';
import { agoText, clockText } from './time.js';

/** The threads view: the most recently active threads; those with unacknowledged messages stand out. */
export function threadsView(threads: readonly Conversation[], nowMs: number): Page {
  const rows = threads.map(
    (t) =>
      html`<tr data-row tabindex="0" ${t.unacked > 0 ? html` class="unacked"` : ''}>
        <th scope="row"><a href="/threads/${encodeURIComponent(t.thread_id)}">${t.subject}</a></th>
        <td>${t.created_by}</td>
        <td>${t.message_count}</td>
        <td>${t.unread}</td>
        <td>${t.unacked > 0 ? html`<b>${t.unacked} unacked</b>` : '0'}</td>
        <td>
          <time datetime="${t.last_activity_at}" data-ago="${t.last_activity_at}"
            >${agoText(t.last_activity_at, nowMs)}</time
          >
        </td>
        <td>${t.status}</td>
      </tr>`,
  );
  const main = html`<h1>Threads</h1>
    <div class="scroll">
      <table id="threads">
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Started by</th>
            <th scope="col">Messages</th>
            <th scope="col">Unread</th>
            <th scope="col">Unacked</th>
            <th scope="col">Last activity</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          ${
            rows.length === 0
              ? html`<tr>
                  <td colspan="7" class="muted">No thread yet.</td>
                </tr>`
              : rows
          }
        </tbody>
      </table>
    </div>`;
  return { view: 'threads', title: 'Threads', main };
}

/** One conversation: its messages, oldest first, each with every recipient's read and ack state. */
export function threadView(conversation: Conversation | undefined, read: ConversationMessages): Page {
  const { deliveries } = read;
  const messages = read.messages.map((m) => {
    const to = deliveries.get(m.message_id) ?? [];
    const waiting = m.ack_required && to.some((d) => d.acked_at === null);
    const state = (d: Delivery): string =>
      d.acked_at !== null ? 'acked' : d.read_at !== null ? 'read' : 'unread';
    return html`<article
      class="message${waiting ? ' unacked' : ''}"
      data-row
      tabindex="0"
      data-message="${m.message_id}"
    >
      <header>
        <b>${m.from_callsign}</b> →
        ${to.map((d) => html`<span class="delivery delivery-${state(d)}">${d.callsign} (${state(d)})</span> `)}
        <time datetime="${m.sent_at}">${clockText(m.sent_at)}</time>
        ${m.importance === 'normal' ? '' : html`<span class="state">${m.importance}</span>`}
        ${m.ack_required ? html`<span class="state">${waiting ? 'ack required' : 'acked'}</span>` : ''}
      </header>
      <h2>${m.subject}</h2>
      <p class="body">${m.body}</p>
    </article>`;
  });
  const first = read.messages[0];
  const subject = conversation?.subject ?? first?.subject ?? '';
  const main = html`<p><a href="/threads">← all threads</a></p>
    <h1>${subject}</h1>
    <p class="muted">
      started by ${conversation?.created_by ?? first?.from_callsign ?? ''} · ${read.messages.length} messages
      · ${conversation?.status ?? 'open'}
    </p>
    ${messages}`;
  return { view: 'threads', title: subject, main };
}
