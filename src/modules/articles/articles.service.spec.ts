import { Test } from '@nestjs/testing';
import { CursorPosition, decodeCursor } from '../../common/pagination';
import type { ArticleEntity } from './article.entity';
import { ArticleNotFoundError, ArticleSlugTakenError, ArticleVersionConflictError } from './articles.errors';
import { ArticlesRepository } from './articles.repository';
import { ArticlesService } from './articles.service';
import type { ListArticlesQueryDto } from './dto/list-articles-query.dto';

type RepositoryMock = jest.Mocked<
  Pick<ArticlesRepository, 'insert' | 'findById' | 'findPage' | 'updateIfVersionMatches' | 'deleteById'>
>;

const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const NOW = new Date('2026-03-04T05:06:07.089Z');
const EARLIER = new Date('2026-01-01T00:00:00.000Z');

function anArticle(overrides: Partial<ArticleEntity> = {}): ArticleEntity {
  return {
    id: ID,
    slug: 'a-slug',
    title: 'A title',
    body: 'A body',
    tags: ['tag'],
    status: 'draft',
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
  let service: ArticlesService;

  beforeEach(async () => {
    jest.useFakeTimers({ now: NOW });
    repository = {
      insert: jest.fn(),
      findById: jest.fn(),
      findPage: jest.fn(),
      updateIfVersionMatches: jest.fn(),
      deleteById: jest.fn(),
    };
    const moduleRef = await Test.createTestingModule({
      providers: [ArticlesService, { provide: ArticlesRepository, useValue: repository }],
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

      await service.create({ slug: 'a-slug', title: 'A title', body: 'A body', tags: ['tag'] });

      expect(repository.insert).toHaveBeenCalledWith({
        slug: 'a-slug',
        title: 'A title',
        body: 'A body',
        tags: ['tag'],
        status: 'draft',
        publishedAt: null,
      });
    });

    it('inserts no tags when none are given', async () => {
      repository.insert.mockResolvedValue(anArticle());

      await service.create({ slug: 'a-slug', title: 'A title', body: 'A body' });

      expect(repository.insert).toHaveBeenCalledWith(expect.objectContaining({ tags: [] }));
    });

    it('stamps publishedAt when the article is created published', async () => {
      repository.insert.mockResolvedValue(anArticle());

      await service.create({ slug: 'a-slug', title: 'A title', body: 'A body', status: 'published' });

      expect(repository.insert).toHaveBeenCalledWith(
        expect.objectContaining({ status: 'published', publishedAt: NOW }),
      );
    });

    it('returns the inserted article', async () => {
      const inserted = anArticle();
      repository.insert.mockResolvedValue(inserted);

      await expect(service.create({ slug: 'a-slug', title: 'A title', body: 'A body' })).resolves.toBe(inserted);
    });

    it('lets a taken slug surface as a domain error', async () => {
      repository.insert.mockRejectedValue(new ArticleSlugTakenError('a-slug'));

      await expect(service.create({ slug: 'a-slug', title: 'A title', body: 'A body' })).rejects.toBeInstanceOf(
        ArticleSlugTakenError,
      );
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
  });

  describe('update', () => {
    it('throws ArticleNotFoundError when the article does not exist', async () => {
      repository.findById.mockResolvedValue(null);

      await expect(service.update(ID, { title: 'New', version: 3 })).rejects.toBeInstanceOf(ArticleNotFoundError);
    });

    it('throws ArticleVersionConflictError without writing when the version is stale', async () => {
      repository.findById.mockResolvedValue(anArticle({ version: 4 }));

      await expect(service.update(ID, { title: 'New', version: 3 })).rejects.toBeInstanceOf(
        ArticleVersionConflictError,
      );
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('writes only the sent fields, conditioned on the version the client saw', async () => {
      repository.findById.mockResolvedValue(anArticle());
      repository.updateIfVersionMatches.mockResolvedValue(anArticle({ title: 'New', version: 4 }));

      await service.update(ID, { title: 'New', tags: [], version: 3 });

      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, { title: 'New', tags: [] });
    });

    it('returns the updated article', async () => {
      const updated = anArticle({ title: 'New', version: 4 });
      repository.findById.mockResolvedValue(anArticle());
      repository.updateIfVersionMatches.mockResolvedValue(updated);

      await expect(service.update(ID, { title: 'New', version: 3 })).resolves.toBe(updated);
    });

    it('throws ArticleVersionConflictError when another writer changed the article first', async () => {
      repository.findById.mockResolvedValue(anArticle());
      repository.updateIfVersionMatches.mockResolvedValue(null);

      await expect(service.update(ID, { title: 'New', version: 3 })).rejects.toBeInstanceOf(
        ArticleVersionConflictError,
      );
    });

    it('returns the article unchanged without writing when nothing would change', async () => {
      repository.findById.mockResolvedValue(anArticle({ status: 'draft' }));

      await expect(service.update(ID, { status: 'draft', version: 3 })).resolves.toEqual(anArticle());
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it.each([
      ['stamps publishedAt when a draft becomes published', 'draft', null, 'published', NOW],
      [
        'keeps the first publication time when an archived article is published again',
        'archived',
        EARLIER,
        'published',
        EARLIER,
      ],
      ['keeps publishedAt when a published article is archived', 'published', EARLIER, 'archived', EARLIER],
      ['clears publishedAt when a published article returns to draft', 'published', EARLIER, 'draft', null],
    ] as const)('%s', async (_behaviour, from, publishedAt, to, expectedPublishedAt) => {
      repository.findById.mockResolvedValue(anArticle({ status: from, publishedAt }));

      await service.update(ID, { status: to, version: 3 });

      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, {
        status: to,
        publishedAt: expectedPublishedAt,
      });
    });
  });

  describe('delete', () => {
    it('deletes the article', async () => {
      repository.deleteById.mockResolvedValue(true);

      await service.delete(ID);

      expect(repository.deleteById).toHaveBeenCalledWith(ID);
    });

    it('throws ArticleNotFoundError when there was nothing to delete', async () => {
      repository.deleteById.mockResolvedValue(false);

      await expect(service.delete(ID)).rejects.toBeInstanceOf(ArticleNotFoundError);
    });
  });
});
