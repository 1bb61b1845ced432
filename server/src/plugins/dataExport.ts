/**
 * "Everything for a project can be exported": one JSON file with the project,
 * its facilitators, meetings, boards (every label, theme, vote and held-back
 * label) and snapshots, readable without Vægavis.
 */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  heldDocName,
  readHeldLabels,
  readLabels,
  readLegend,
  readQuestion,
  readSettings,
  readThemes,
  readTitle,
  readVoteRound,
  readVotes,
} from '@vaegavis/shared'
import type { FastifyInstance } from 'fastify'
import * as Y from 'yjs'
import type { Blob, BlobStore } from '../blobs/index.ts'
import { snapshotPicture } from '../services/pictures.ts'
import { snapshotPhotos } from '../services/snapshots.ts'
import type { BoardRecord, Store } from '../storage/types.ts'
import type { RoomManager } from '../sync/index.ts'
import { guards } from './guards.ts'

export interface DataExportOptions {
  store: Store
  rooms: RoomManager
  blobs: BlobStore
}

function wallOf(doc: Y.Doc) {
  return {
    title: readTitle(doc),
    question: readQuestion(doc),
    legend: readLegend(doc),
    settings: readSettings(doc),
    themes: readThemes(doc),
    labels: readLabels(doc),
    voteRound: readVoteRound(doc),
    votes: readVotes(doc),
  }
}

async function boardData(opts: DataExportOptions, board: BoardRecord) {
  const wall = await opts.rooms.withRoom(board.id, (r) => r.read(wallOf))
  const held = await opts.rooms.withRoom(heldDocName(board.id), (r) => r.read(readHeldLabels))
  const snapshots = []
  // Every picture a label names, once, so the board keeps its pictures on another server.
  const pictures = new Map<string, { hash: string; mime: string; base64: string }>()
  const keep = (blob: Blob | undefined) => {
    if (blob && !pictures.has(blob.hash))
      pictures.set(blob.hash, { hash: blob.hash, mime: blob.mime, base64: Buffer.from(blob.data).toString('base64') })
  }
  for (const hash of new Set([...wall.labels, ...held].flatMap((l) => (l.photo ? [l.photo] : []))))
    keep(await opts.blobs.get(board.id, hash))
  for (const s of await opts.store.app.listSnapshots({ boardId: board.id })) {
    const full = await opts.store.app.getSnapshot(s.id)
    if (!full) continue
    const doc = new Y.Doc()
    Y.applyUpdate(doc, full.state)
    snapshots.push({ id: s.id, name: s.name, createdAt: s.createdAt, wall: wallOf(doc) })
    doc.destroy()
    const names = snapshotPhotos(full, { viewer: false })
    for (const hash of names) if (!pictures.has(hash)) keep(await snapshotPicture(opts.blobs, full, names, hash))
  }
  return {
    id: board.id,
    title: board.title,
    joinCode: board.joinCode,
    createdAt: board.createdAt,
    wall,
    held,
    snapshots,
    /** Each label's `photo` is the `hash` of one of these (bytes in base64). */
    pictures: [...pictures.values()],
  }
}

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

export async function dataExportPlugin(base: FastifyInstance, opts: DataExportOptions): Promise<void> {
  // Request types come from each route's schema, so a handler cannot read a field the schema does not check.
  const app = base.withTypeProvider<TypeBoxTypeProvider>()
  const access = guards(opts.store)
  const { store } = opts
  const attach = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9_-]/g, '_')}.json"`

  app.get(
    '/api/boards/:id/data.json',
    {
      preHandler: access.board,
      schema: {
        tags: ['export'],
        summary: 'All data of one board as JSON (labels, themes, votes, held labels, snapshots, pictures)',
        params: Params,
      },
    },
    async (req, reply) => {
      const { board } = req
      const data = {
        exportedAt: new Date().toISOString(),
        format: 'vaegavis-board/1',
        board: await boardData(opts, board),
      }
      return reply.header('content-disposition', attach(`vaegavis-${board.title}`)).send(data)
    },
  )

  app.get(
    '/api/projects/:id/data.json',
    {
      preHandler: access.project,
      schema: {
        tags: ['export'],
        summary: "All of a project's data as JSON: meetings, boards, labels, snapshots, pictures",
        params: Params,
      },
    },
    async (req, reply) => {
      const { project } = req
      const members = []
      for (const m of await store.app.listProjectMembers(project.id))
        members.push({ email: m.email, addedAt: m.addedAt })
      const boards = []
      for (const b of await store.app.listProjectBoards(project.id)) boards.push(await boardData(opts, b))
      const data = {
        exportedAt: new Date().toISOString(),
        format: 'vaegavis-project/1',
        project: { id: project.id, title: project.title, createdAt: project.createdAt },
        members,
        meetings: await store.app.listMeetings(project.id),
        boards,
      }
      return reply.header('content-disposition', attach(`vaegavis-${project.title}`)).send(data)
    },
  )
}
