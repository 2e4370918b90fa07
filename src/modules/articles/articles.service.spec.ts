import { ClsPluginTransactional, NoOpTransactionalAdapter } from '@nestjs-cls/transactional';
import { Test } from '@nestjs/testing';
import { ClsModule } from 'nestjs-cls';
import type { Principal } from '../../common/auth';
import { PreconditionFailedError } from '../../common/errors';
import { CursorPosition, decodeCursor } from '../../common/pagination';
import { TopicsService } from '../topics';
import type { ArticleEntity } from './article.entity';
import {
  ArticleNotAuthorError,
  ArticleNotFoundError,
  ArticleSlugTakenError,
  ArticleTopicNotFoundError,
  ArticleVersionConflictError,
} from './articles.errors';
import { ArticlesRepository } from './articles.repository';
import { ArticlesService } from './articles.service';
import type { ListArticlesQueryDto } from './dto/list-articles-query.dto';

type RepositoryMock = jest.Mocked<
  Pick<
    ArticlesRepository,
    'insert' | 'findById' | 'findPage' | 'updateIfVersionMatches' | 'deleteById' | 'addTopics' | 'removeTopics'
  >
>;
type TopicsMock = jest.Mocked<Pick<TopicsService, 'findUnknownIds'>>;

const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const NOW = new Date('2026-03-04T05:06:07.089Z');
const EARLIER = new Date('2026-01-01T00:00:00.000Z');
const TOPIC_A = '00000000-0000-4000-8000-00000000000a';
const TOPIC_B = '00000000-0000-4000-8000-00000000000b';
const TOPIC_C = '00000000-0000-4000-8000-00000000000c';

function aCaller(role: Principal['role'], userId: string): Principal {
  return { userId, role, email: `${role}@example.com`, sessionId: '00000000-0000-4000-8000-0000000000ff' };
}

/** The author of anArticle(); OTHER_USER is any other non-admin, ADMIN an admin who wrote nothing. */
const AUTHOR = aCaller('user', '00000000-0000-4000-8000-0000000000a1');
const OTHER_USER = aCaller('user', '00000000-0000-4000-8000-0000000000a2');
const ADMIN = aCaller('admin', '00000000-0000-4000-8000-0000000000a3');

function anArticle(overrides: Partial<ArticleEntity> = {}): ArticleEntity {
  return {
    id: ID,
    slug: 'a-slug',
    title: 'A title',
    body: 'A body',
    tags: ['tag'],
    status: 'draft',
    authorId: AUTHOR.userId,
    publishedAt: null,
    createdAt: EARLIER,
    updatedAt: EARLIER,
    version: 3,
    topicLinks: [],
    ...overrides,
  };
}

function aListQuery(overrides: Partial<ListArticlesQueryDto> = {}): ListArticlesQueryDto {
  return { limit: 2, sort: '-createdAt', ...overrides };
}

describe(ArticlesService.name, () => {
  let repository: RepositoryMock;
  let topics: TopicsMock;
  let service: ArticlesService;

  beforeEach(async () => {
    jest.useFakeTimers({ now: NOW });
    repository = {
      insert: jest.fn(),
      findById: jest.fn(),
      findPage: jest.fn(),
      updateIfVersionMatches: jest.fn(),
      deleteById: jest.fn(),
      addTopics: jest.fn(),
      removeTopics: jest.fn(),
    };
    topics = { findUnknownIds: jest.fn() };
    const moduleRef = await Test.createTestingModule({
      // @Transactional() needs a TransactionHost; the no-op adapter runs the method as it is (no database).
      imports: [
        ClsModule.forRoot({
          plugins: [
            new ClsPluginTransactional({ adapter: new NoOpTransactionalAdapter({ tx: {}, disableWarning: true }) }),
          ],
        }),
      ],
      providers: [
        ArticlesService,
        { provide: ArticlesRepository, useValue: repository },
        { provide: TopicsService, useValue: topics },
      ],
    }).compile();
    service = moduleRef.get(ArticlesService);
    repository.updateIfVersionMatches.mockResolvedValue(anArticle({ version: 4 }));
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  describe('create', () => {
    it('inserts a draft without publishedAt when no status is given', async () => {
      repository.insert.mockResolvedValue(anArticle());

      await service.create({ slug: 'a-slug', title: 'A title', body: 'A body', tags: ['tag'] }, AUTHOR);

      expect(repository.insert).toHaveBeenCalledWith({
        slug: 'a-slug',
        title: 'A title',
        body: 'A body',
        tags: ['tag'],
        status: 'draft',
        publishedAt: null,
        authorId: AUTHOR.userId,
      });
    });

    it('makes the caller the author, whoever they are', async () => {
      repository.insert.mockResolvedValue(anArticle());

      await service.create({ slug: 'a-slug', title: 'A title', body: 'A body' }, ADMIN);

      expect(repository.insert).toHaveBeenCalledWith(expect.objectContaining({ authorId: ADMIN.userId }));
    });

    it('inserts no tags when none are given', async () => {
      repository.insert.mockResolvedValue(anArticle());

      await service.create({ slug: 'a-slug', title: 'A title', body: 'A body' }, AUTHOR);

      expect(repository.insert).toHaveBeenCalledWith(expect.objectContaining({ tags: [] }));
    });

    it('stamps publishedAt when the article is created published', async () => {
      repository.insert.mockResolvedValue(anArticle());

      await service.create({ slug: 'a-slug', title: 'A title', body: 'A body', status: 'published' }, AUTHOR);

      expect(repository.insert).toHaveBeenCalledWith(
        expect.objectContaining({ status: 'published', publishedAt: NOW }),
      );
    });

    it('returns the inserted article', async () => {
      const inserted = anArticle();
      repository.insert.mockResolvedValue(inserted);

      await expect(service.create({ slug: 'a-slug', title: 'A title', body: 'A body' }, AUTHOR)).resolves.toBe(
        inserted,
      );
    });

    it('lets a taken slug surface as a domain error', async () => {
      repository.insert.mockRejectedValue(new ArticleSlugTakenError('a-slug'));

      await expect(service.create({ slug: 'a-slug', title: 'A title', body: 'A body' }, AUTHOR)).rejects.toBeInstanceOf(
        ArticleSlugTakenError,
      );
    });

    it('inserts no links when no topics are given', async () => {
      repository.insert.mockResolvedValue(anArticle());

      await service.create({ slug: 'a-slug', title: 'A title', body: 'A body', topicIds: [] }, AUTHOR);

      expect(repository.addTopics).not.toHaveBeenCalled();
    });

    it('links the new article to the given topics and returns it with them', async () => {
      repository.insert.mockResolvedValue(anArticle());

      const created = await service.create(
        { slug: 'a-slug', title: 'A', body: 'B', topicIds: [TOPIC_B, TOPIC_A] },
        AUTHOR,
      );

      expect(repository.addTopics).toHaveBeenCalledWith(ID, [TOPIC_B, TOPIC_A]);
      expect(created.topicLinks).toEqual([{ topicId: TOPIC_B }, { topicId: TOPIC_A }]);
    });

    it('points at every unknown topic id once the insert failed', async () => {
      repository.insert.mockResolvedValue(anArticle());
      repository.addTopics.mockRejectedValue(new ArticleTopicNotFoundError());
      topics.findUnknownIds.mockResolvedValue([TOPIC_C, TOPIC_A]);

      const error = await service
        .create({ slug: 'a-slug', title: 'A', body: 'B', topicIds: [TOPIC_A, TOPIC_B, TOPIC_C] }, AUTHOR)
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ArticleTopicNotFoundError);
      expect((error as ArticleTopicNotFoundError).errors.map((rejected) => rejected.pointer)).toEqual([
        '/topicIds/0',
        '/topicIds/2',
      ]);
      expect(topics.findUnknownIds).toHaveBeenCalledWith([TOPIC_A, TOPIC_B, TOPIC_C]);
    });

    it('lets any other failure of a create with topics through unchanged', async () => {
      repository.insert.mockRejectedValue(new ArticleSlugTakenError('a-slug'));

      await expect(
        service.create({ slug: 'a-slug', title: 'A', body: 'B', topicIds: [TOPIC_A] }, AUTHOR),
      ).rejects.toBeInstanceOf(ArticleSlugTakenError);
      expect(topics.findUnknownIds).not.toHaveBeenCalled();
    });
  });

  describe('list', () => {
    it('fetches one row more than the page size, in the requested order, after the cursor', async () => {
      repository.findPage.mockResolvedValue([]);
      const cursor = new CursorPosition('publishedAt', null, ID);

      await service.list(aListQuery({ sort: 'publishedAt', cursor, status: 'published', tag: 'tag', limit: 5 }));

      expect(repository.findPage).toHaveBeenCalledWith(
        { status: 'published', tag: 'tag' },
        { order: { field: 'publishedAt', direction: 'ASC' }, take: 6, after: cursor },
        { topics: false },
      );
    });

    it('filters by topic and loads the topics when included', async () => {
      repository.findPage.mockResolvedValue([]);

      await service.list(aListQuery({ topicId: TOPIC_A, include: ['topics'] }));

      expect(repository.findPage).toHaveBeenCalledWith(
        expect.objectContaining({ topicId: TOPIC_A }),
        expect.anything(),
        { topics: true },
      );
    });

    it('returns at most the page size and a cursor after the last returned article', async () => {
      const articles = [1, 2, 3].map((day) =>
        anArticle({ id: `00000000-0000-4000-8000-00000000000${day}`, createdAt: new Date(Date.UTC(2026, 0, day)) }),
      );
      repository.findPage.mockResolvedValue(articles);

      const page = await service.list(aListQuery({ limit: 2 }));

      expect(page.items).toEqual(articles.slice(0, 2));
      expect(decodeCursor(page.nextCursor!)).toEqual(
        new CursorPosition('-createdAt', '2026-01-02T00:00:00.000Z', articles[1]!.id),
      );
    });

    it('encodes a missing sort value as null in the cursor', async () => {
      repository.findPage.mockResolvedValue([anArticle(), anArticle()]);

      const page = await service.list(aListQuery({ limit: 1, sort: '-publishedAt' }));

      expect(decodeCursor(page.nextCursor!)).toEqual(new CursorPosition('-publishedAt', null, ID));
    });

    it('returns no cursor on the last page', async () => {
      repository.findPage.mockResolvedValue([anArticle()]);

      await expect(service.list(aListQuery({ limit: 2 }))).resolves.toEqual({ items: [anArticle()], nextCursor: null });
    });
  });

  describe('get', () => {
    it('returns the article', async () => {
      repository.findById.mockResolvedValue(anArticle());

      await expect(service.get(ID)).resolves.toEqual(anArticle());
    });

    it('throws ArticleNotFoundError when the article does not exist', async () => {
      repository.findById.mockResolvedValue(null);

      await expect(service.get(ID)).rejects.toBeInstanceOf(ArticleNotFoundError);
    });

    it.each([
      [[], false],
      [['topics'], true],
    ] as const)('loads the topics only when included (%p)', async (include, topicsLoaded) => {
      repository.findById.mockResolvedValue(anArticle());

      await service.get(ID, include);

      expect(repository.findById).toHaveBeenCalledWith(ID, { topics: topicsLoaded });
    });
  });

  describe('update', () => {
    it('throws ArticleNotFoundError when the article does not exist', async () => {
      repository.findById.mockResolvedValue(null);

      await expect(service.update(ID, { title: 'New', version: 3 }, AUTHOR)).rejects.toBeInstanceOf(
        ArticleNotFoundError,
      );
    });

    it('throws ArticleVersionConflictError without writing when the version is stale', async () => {
      repository.findById.mockResolvedValue(anArticle({ version: 4 }));

      await expect(service.update(ID, { title: 'New', version: 3 }, AUTHOR)).rejects.toBeInstanceOf(
        ArticleVersionConflictError,
      );
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('writes only the sent fields, conditioned on the version the client saw', async () => {
      repository.findById.mockResolvedValue(anArticle());
      repository.updateIfVersionMatches.mockResolvedValue(anArticle({ title: 'New', version: 4 }));

      await service.update(ID, { title: 'New', tags: [], version: 3 }, AUTHOR);

      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, { title: 'New', tags: [] });
    });

    it('returns the updated article', async () => {
      const updated = anArticle({ title: 'New', version: 4 });
      repository.findById.mockResolvedValue(anArticle());
      repository.updateIfVersionMatches.mockResolvedValue(updated);

      await expect(service.update(ID, { title: 'New', version: 3 }, AUTHOR)).resolves.toBe(updated);
    });

    it('throws ArticleVersionConflictError when another writer changed the article first', async () => {
      repository.findById.mockResolvedValue(anArticle());
      repository.updateIfVersionMatches.mockResolvedValue(null);

      await expect(service.update(ID, { title: 'New', version: 3 }, AUTHOR)).rejects.toBeInstanceOf(
        ArticleVersionConflictError,
      );
    });

    it('throws PreconditionFailedError without writing when If-Match names another version', async () => {
      repository.findById.mockResolvedValue(anArticle({ version: 3 }));

      await expect(service.update(ID, { title: 'New', version: 3 }, AUTHOR, [2, 4])).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('throws PreconditionFailedError, not a conflict, when another writer won after If-Match passed', async () => {
      repository.findById.mockResolvedValue(anArticle({ version: 3 }));
      repository.updateIfVersionMatches.mockResolvedValue(null);

      await expect(service.update(ID, { title: 'New', version: 3 }, AUTHOR, [3])).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
    });

    it('returns the article unchanged without writing when nothing would change', async () => {
      repository.findById.mockResolvedValue(anArticle({ status: 'draft' }));

      await expect(service.update(ID, { status: 'draft', version: 3 }, AUTHOR)).resolves.toEqual(anArticle());
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it.each([
      ['stamps publishedAt when a draft becomes published', 'draft', null, 'published', { publishedAt: NOW }],
      [
        'keeps the first publication time when an archived article is published again',
        'archived',
        EARLIER,
        'published',
        {},
      ],
      ['keeps publishedAt when a published article is archived', 'published', EARLIER, 'archived', {}],
      [
        'clears publishedAt when a published article returns to draft',
        'published',
        EARLIER,
        'draft',
        { publishedAt: null },
      ],
    ] as const)('%s', async (_behaviour, from, publishedAt, to, publication) => {
      repository.findById.mockResolvedValue(anArticle({ status: from, publishedAt }));

      await service.update(ID, { status: to, version: 3 }, AUTHOR);

      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, { status: to, ...publication });
    });

    it('writes only the fields sent with another value than stored', async () => {
      const stored = anArticle();
      repository.findById.mockResolvedValue(stored);

      await service.update(ID, { title: stored.title, tags: [...stored.tags], body: 'A new body', version: 3 }, AUTHOR);

      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, { body: 'A new body' });
    });

    it('writes nothing when every field sent repeats what is stored', async () => {
      const stored = anArticle();
      repository.findById.mockResolvedValue(stored);

      await expect(
        service.update(ID, { slug: stored.slug, title: stored.title, tags: [...stored.tags], version: 3 }, AUTHOR),
      ).resolves.toBe(stored);
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });
  });

  describe('update: who may', () => {
    it('lets an admin change any article', async () => {
      repository.findById.mockResolvedValue(anArticle());

      await service.update(ID, { title: 'New', version: 3 }, ADMIN);

      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, { title: 'New' });
    });

    it('throws ArticleNotAuthorError without writing for another user', async () => {
      repository.findById.mockResolvedValue(anArticle());

      await expect(service.update(ID, { title: 'New', version: 3 }, OTHER_USER)).rejects.toBeInstanceOf(
        ArticleNotAuthorError,
      );
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('refuses another user before looking at the version', async () => {
      repository.findById.mockResolvedValue(anArticle({ version: 4 }));

      await expect(service.update(ID, { title: 'New', version: 3 }, OTHER_USER)).rejects.toBeInstanceOf(
        ArticleNotAuthorError,
      );
    });

    it('leaves an article whose author is gone to admins', async () => {
      repository.findById.mockResolvedValue(anArticle({ authorId: null }));

      await expect(service.update(ID, { title: 'New', version: 3 }, AUTHOR)).rejects.toBeInstanceOf(
        ArticleNotAuthorError,
      );
    });

    it('throws ArticleNotAuthorError without touching links when another user sends topics', async () => {
      repository.findById.mockResolvedValue(anArticle());

      await expect(service.update(ID, { topicIds: [TOPIC_A], version: 3 }, OTHER_USER)).rejects.toBeInstanceOf(
        ArticleNotAuthorError,
      );
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
      expect(repository.addTopics).not.toHaveBeenCalled();
    });
  });

  describe('update with topicIds', () => {
    it('writes a new version and changes only the links that differ', async () => {
      repository.findById.mockResolvedValue(anArticle({ topicLinks: [{ topicId: TOPIC_A }, { topicId: TOPIC_B }] }));

      const updated = await service.update(ID, { topicIds: [TOPIC_B, TOPIC_C], version: 3 }, AUTHOR);

      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, {});
      expect(repository.removeTopics).toHaveBeenCalledWith(ID, [TOPIC_A]);
      expect(repository.addTopics).toHaveBeenCalledWith(ID, [TOPIC_C]);
      expect(updated.topicLinks).toEqual([{ topicId: TOPIC_B }, { topicId: TOPIC_C }]);
    });

    it('writes a new version even when the set is unchanged', async () => {
      repository.findById.mockResolvedValue(anArticle({ topicLinks: [{ topicId: TOPIC_A }] }));

      await service.update(ID, { topicIds: [TOPIC_A], version: 3 }, AUTHOR);

      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, {});
      expect(repository.removeTopics).toHaveBeenCalledWith(ID, []);
      expect(repository.addTopics).toHaveBeenCalledWith(ID, []);
    });

    it('throws ArticleVersionConflictError without touching links when the version is stale', async () => {
      repository.findById.mockResolvedValue(anArticle({ version: 4 }));

      await expect(service.update(ID, { topicIds: [TOPIC_A], version: 3 }, AUTHOR)).rejects.toBeInstanceOf(
        ArticleVersionConflictError,
      );
      expect(repository.addTopics).not.toHaveBeenCalled();
    });

    it('throws ArticleVersionConflictError without touching links when another writer won', async () => {
      repository.findById.mockResolvedValue(anArticle());
      repository.updateIfVersionMatches.mockResolvedValue(null);

      await expect(service.update(ID, { topicIds: [TOPIC_A], version: 3 }, AUTHOR)).rejects.toBeInstanceOf(
        ArticleVersionConflictError,
      );
      expect(repository.addTopics).not.toHaveBeenCalled();
    });

    it('points at the unknown topic ids', async () => {
      repository.findById.mockResolvedValue(anArticle());
      repository.addTopics.mockRejectedValue(new ArticleTopicNotFoundError());
      topics.findUnknownIds.mockResolvedValue([TOPIC_B]);

      const error = await service
        .update(ID, { topicIds: [TOPIC_A, TOPIC_B], version: 3 }, AUTHOR)
        .catch((caught: unknown) => caught);

      expect((error as ArticleTopicNotFoundError).errors).toEqual([
        { pointer: '/topicIds/1', detail: `Topic ${TOPIC_B} does not exist.` },
      ]);
    });
  });

  describe('delete', () => {
    it('deletes the article of its author, whatever its version without If-Match', async () => {
      repository.findById.mockResolvedValue(anArticle());
      repository.deleteById.mockResolvedValue(true);

      await service.delete(ID, AUTHOR);

      expect(repository.deleteById).toHaveBeenCalledWith(ID, undefined);
    });

    it('lets an admin delete any article', async () => {
      repository.findById.mockResolvedValue(anArticle());
      repository.deleteById.mockResolvedValue(true);

      await service.delete(ID, ADMIN);

      expect(repository.deleteById).toHaveBeenCalledWith(ID, undefined);
    });

    it('throws ArticleNotAuthorError without deleting for another user, whatever If-Match says', async () => {
      repository.findById.mockResolvedValue(anArticle());

      await expect(service.delete(ID, OTHER_USER, [2])).rejects.toBeInstanceOf(ArticleNotAuthorError);
      expect(repository.deleteById).not.toHaveBeenCalled();
    });

    it('throws ArticleNotFoundError without deleting when the article does not exist', async () => {
      repository.findById.mockResolvedValue(null);

      await expect(service.delete(ID, AUTHOR)).rejects.toBeInstanceOf(ArticleNotFoundError);
      expect(repository.deleteById).not.toHaveBeenCalled();
    });

    it('throws ArticleNotFoundError when the article was deleted meanwhile', async () => {
      repository.findById.mockResolvedValue(anArticle());
      repository.deleteById.mockResolvedValue(false);

      await expect(service.delete(ID, AUTHOR)).rejects.toBeInstanceOf(ArticleNotFoundError);
    });

    it('deletes only at a version If-Match names, in the DELETE itself', async () => {
      repository.findById.mockResolvedValue(anArticle({ version: 3 }));
      repository.deleteById.mockResolvedValue(true);

      await service.delete(ID, AUTHOR, [3]);

      expect(repository.deleteById).toHaveBeenCalledWith(ID, [3]);
    });

    it('throws PreconditionFailedError without deleting when If-Match names another version', async () => {
      repository.findById.mockResolvedValue(anArticle({ version: 4 }));

      await expect(service.delete(ID, AUTHOR, [3])).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(repository.deleteById).not.toHaveBeenCalled();
    });

    it('throws PreconditionFailedError when the article changed between the read and the DELETE', async () => {
      repository.findById
        .mockResolvedValueOnce(anArticle({ version: 3 }))
        .mockResolvedValueOnce(anArticle({ version: 4 }));
      repository.deleteById.mockResolvedValue(false);

      await expect(service.delete(ID, AUTHOR, [3])).rejects.toBeInstanceOf(PreconditionFailedError);
    });

    it('throws ArticleNotFoundError when If-Match matched nothing because the article is gone', async () => {
      repository.findById.mockResolvedValueOnce(anArticle({ version: 3 })).mockResolvedValueOnce(null);
      repository.deleteById.mockResolvedValue(false);

      await expect(service.delete(ID, AUTHOR, [3])).rejects.toBeInstanceOf(ArticleNotFoundError);
    });
  });
});
