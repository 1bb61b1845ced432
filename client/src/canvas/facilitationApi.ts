/** REST calls of the facilitator's tools (held labels live on the server, not in the wall document). */
import { request } from '../api.ts'

const board = (id: string) => `/api/boards/${encodeURIComponent(id)}`

export const facilitationApi = {
  /** Puts every privately written label on the wall and ends private writing; returns how many. */
  reveal: (boardId: string) =>
    request<{ revealed: number }>('POST', `${board(boardId)}/reveal`).then((r) => r.revealed),
  approve: (boardId: string, labelId: string) =>
    request<{ approved: number }>('POST', `${board(boardId)}/held/${encodeURIComponent(labelId)}/approve`),
  /** Takes labels off every wall and phone; the server keeps them for the facilitator. */
  hide: (boardId: string, labelIds: string[]) =>
    request<{ hidden: number }>('POST', `${board(boardId)}/labels/hide`, { labelIds }),
  show: (boardId: string, labelIds: string[]) =>
    request<{ shown: number }>('POST', `${board(boardId)}/labels/show`, { labelIds }),
  reject: (boardId: string, labelId: string) =>
    request<{ rejected: number }>('POST', `${board(boardId)}/held/${encodeURIComponent(labelId)}/reject`),
  /** Takes a participant off the board (their phone closes and cannot get back in); their labels stay or go. */
  removeParticipant: (boardId: string, participantId: string, labels: 'keep' | 'delete') =>
    request<{ removed: true; deletedLabels: number }>(
      'POST',
      `${board(boardId)}/participants/${encodeURIComponent(participantId)}/remove`,
      { labels },
    ),
}
