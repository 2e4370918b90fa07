import { Test } from '@nestjs/testing';
import { PreconditionFailedError } from '../../common/errors';
import { CursorPosition, decodeCursor } from '../../common/pagination';
import { ArticleNotFoundError, ArticlesService } from '../articles';
import type { CommentEntity } from './comment.entity';
import { CommentArticleNotFoundError, CommentNotFoundError, CommentVersionConflictError } from './comments.errors';
import { CommentsRepository } from './comments.repository';
import { CommentsService } from './comments.service';
import type { ListArticleCommentsQueryDto } from './dto/list-article-comments-query.dto';
import type { ListCommentsQueryDto } from './dto/list-comments-query.dto';

type RepositoryMock = jest.Mocked<
  Pick<CommentsRepository, 'insert' | 'findById' | 'findPage' | 'updateIfVersionMatches' | 'deleteById'>
>;
type ArticlesMock = jest.Mocked<Pick<ArticlesService, 'get'>>;

const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const ARTICLE_ID = '0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f';
const OTHER_ARTICLE_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const EARLIER = new Date('2026-01-01T00:00:00.000Z');

function aComment(overrides: Partial<CommentEntity> = {}): CommentEntity {
  return {
    id: ID,
    articleId: ARTICLE_ID,
    author: 'Ada',
    body: 'A body',
    createdAt: EARLIER,
    updatedAt: EARLIER,
    version: 3,
    ...overrides,
  };
}

function aListQuery(overrides: Partial<ListCommentsQueryDto> = {}): ListCommentsQueryDto {
  return { limit: 2, sort: '-createdAt', ...overrides };
}

function anArticleListQuery(overrides: Partial<ListArticleCommentsQueryDto> = {}): ListArticleCommentsQueryDto {
  return { limit: 2, sort: '-createdAt', ...overrides };
}

describe(CommentsService.name, () => {
  let repository: RepositoryMock;
  let articles: ArticlesMock;
  let service: CommentsService;

  beforeEach(async () => {
    repository = {
      insert: jest.fn(),
      findById: jest.fn(),
      findPage: jest.fn(),
      updateIfVersionMatches: jest.fn(),
      deleteById: jest.fn(),
    };
    articles = { get: jest.fn() };
    const moduleRef = await Test.createTestingModule({
      providers: [
        CommentsService,
        { provide: CommentsRepository, useValue: repository },
        { provide: ArticlesService, useValue: articles },
      ],
    }).compile();
    service = moduleRef.get(CommentsService);
    repository.updateIfVersionMatches.mockResolvedValue(aComment({ version: 4 }));
  });

  describe('create', () => {
    it('inserts the comment on its article', async () => {
      repository.insert.mockResolvedValue(aComment());

      await service.create({ articleId: ARTICLE_ID, author: 'Ada', body: 'A body' });

      expect(repository.insert).toHaveBeenCalledWith({ articleId: ARTICLE_ID, author: 'Ada', body: 'A body' });
    });

    it('returns the inserted comment', async () => {
      const inserted = aComment();
      repository.insert.mockResolvedValue(inserted);

      await expect(service.create({ articleId: ARTICLE_ID, author: 'Ada', body: 'A body' })).resolves.toBe(inserted);
    });

    it('lets an unknown article surface as a domain error', async () => {
      repository.insert.mockRejectedValue(new CommentArticleNotFoundError(ARTICLE_ID));

      await expect(service.create({ articleId: ARTICLE_ID, author: 'Ada', body: 'A body' })).rejects.toBeInstanceOf(
        CommentArticleNotFoundError,
      );
    });
  });

  describe('list', () => {
    it('fetches one row more than the page size, filtered, in the requested order, after the cursor', async () => {
      repository.findPage.mockResolvedValue([]);
      const cursor = new CursorPosition('createdAt', EARLIER.toISOString(), ID);

      await service.list(aListQuery({ sort: 'createdAt', cursor, articleId: ARTICLE_ID, limit: 5 }));

      expect(repository.findPage).toHaveBeenCalledWith(
        { articleId: ARTICLE_ID },
        { order: { field: 'createdAt', direction: 'ASC' }, take: 6, after: cursor },
        { article: false },
      );
    });

    it('joins the article when asked to include it', async () => {
      repository.findPage.mockResolvedValue([]);

      await service.list(aListQuery({ include: ['article'] }));

      expect(repository.findPage).toHaveBeenCalledWith(expect.anything(), expect.anything(), { article: true });
    });

    it('returns at most the page size and a cursor after the last returned comment', async () => {
      const comments = [1, 2, 3].map((day) =>
        aComment({ id: `00000000-0000-4000-8000-00000000000${day}`, createdAt: new Date(Date.UTC(2026, 0, day)) }),
      );
      repository.findPage.mockResolvedValue(comments);

      const page = await service.list(aListQuery({ limit: 2 }));

      expect(page.items).toEqual(comments.slice(0, 2));
      expect(decodeCursor(page.nextCursor!)).toEqual(
        new CursorPosition('-createdAt', '2026-01-02T00:00:00.000Z', comments[1]!.id),
      );
    });

    it('returns no cursor on the last page', async () => {
      repository.findPage.mockResolvedValue([aComment()]);

      await expect(service.list(aListQuery({ limit: 2 }))).resolves.toEqual({ items: [aComment()], nextCursor: null });
    });
  });

  describe('listForArticle', () => {
    it("fetches a page of the article's comments without joining the article", async () => {
      repository.findPage.mockResolvedValue([aComment()]);

      await service.listForArticle(ARTICLE_ID, anArticleListQuery({ limit: 5 }));

      expect(repository.findPage).toHaveBeenCalledWith(
        { articleId: ARTICLE_ID },
        { order: { field: 'createdAt', direction: 'DESC' }, take: 6, after: undefined },
        { article: false },
      );
    });

    it('does not look the article up when the page has comments', async () => {
      repository.findPage.mockResolvedValue([aComment()]);

      await expect(service.listForArticle(ARTICLE_ID, anArticleListQuery())).resolves.toEqual({
        items: [aComment()],
        nextCursor: null,
      });
      expect(articles.get).not.toHaveBeenCalled();
    });

    it('returns an empty page when the article exists but has no comments', async () => {
      repository.findPage.mockResolvedValue([]);

      await expect(service.listForArticle(ARTICLE_ID, anArticleListQuery())).resolves.toEqual({
        items: [],
        nextCursor: null,
      });
      expect(articles.get).toHaveBeenCalledWith(ARTICLE_ID);
    });

    it('throws ArticleNotFoundError when the page is empty because the article does not exist', async () => {
      repository.findPage.mockResolvedValue([]);
      articles.get.mockRejectedValue(new ArticleNotFoundError(ARTICLE_ID));

      await expect(service.listForArticle(ARTICLE_ID, anArticleListQuery())).rejects.toBeInstanceOf(
        ArticleNotFoundError,
      );
    });
  });

  describe('get', () => {
    it('returns the comment without its article by default', async () => {
      repository.findById.mockResolvedValue(aComment());

      await expect(service.get(ID)).resolves.toEqual(aComment());
      expect(repository.findById).toHaveBeenCalledWith(ID, { article: false });
    });

    it('joins the article when asked to include it', async () => {
      repository.findById.mockResolvedValue(aComment());

      await service.get(ID, ['article']);

      expect(repository.findById).toHaveBeenCalledWith(ID, { article: true });
    });

    it('throws CommentNotFoundError when the comment does not exist', async () => {
      repository.findById.mockResolvedValue(null);

      await expect(service.get(ID)).rejects.toBeInstanceOf(CommentNotFoundError);
    });
  });

  describe('update', () => {
    it('throws CommentNotFoundError when the comment does not exist', async () => {
      repository.findById.mockResolvedValue(null);

      await expect(service.update(ID, { body: 'New', version: 3 })).rejects.toBeInstanceOf(CommentNotFoundError);
    });

    it('throws CommentVersionConflictError without writing when the version is stale', async () => {
      repository.findById.mockResolvedValue(aComment({ version: 4 }));

      await expect(service.update(ID, { body: 'New', version: 3 })).rejects.toBeInstanceOf(CommentVersionConflictError);
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('writes only the sent fields, conditioned on the version the client saw', async () => {
      repository.findById.mockResolvedValue(aComment());

      await service.update(ID, { articleId: OTHER_ARTICLE_ID, author: 'Grace', body: 'New', version: 3 });

      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, {
        articleId: OTHER_ARTICLE_ID,
        author: 'Grace',
        body: 'New',
      });
    });

    it('returns the updated comment', async () => {
      const updated = aComment({ body: 'New', version: 4 });
      repository.findById.mockResolvedValue(aComment());
      repository.updateIfVersionMatches.mockResolvedValue(updated);

      await expect(service.update(ID, { body: 'New', version: 3 })).resolves.toBe(updated);
    });

    it('lets a move to an unknown article surface as a domain error', async () => {
      repository.findById.mockResolvedValue(aComment());
      repository.updateIfVersionMatches.mockRejectedValue(new CommentArticleNotFoundError(OTHER_ARTICLE_ID));

      await expect(service.update(ID, { articleId: OTHER_ARTICLE_ID, version: 3 })).rejects.toBeInstanceOf(
        CommentArticleNotFoundError,
      );
    });

    it('throws CommentVersionConflictError when another writer changed the comment first', async () => {
      repository.findById.mockResolvedValue(aComment());
      repository.updateIfVersionMatches.mockResolvedValue(null);

      await expect(service.update(ID, { body: 'New', version: 3 })).rejects.toBeInstanceOf(CommentVersionConflictError);
    });

    it('returns the comment unchanged without writing when no field was sent', async () => {
      repository.findById.mockResolvedValue(aComment());

      await expect(service.update(ID, { version: 3 })).resolves.toEqual(aComment());
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('throws PreconditionFailedError without writing when If-Match names another version', async () => {
      repository.findById.mockResolvedValue(aComment({ version: 3 }));

      await expect(service.update(ID, { body: 'New', version: 3 }, [2, 4])).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('throws PreconditionFailedError, not a conflict, when another writer won after If-Match passed', async () => {
      repository.findById.mockResolvedValue(aComment({ version: 3 }));
      repository.updateIfVersionMatches.mockResolvedValue(null);

      await expect(service.update(ID, { body: 'New', version: 3 }, [3])).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
    });
  });

  describe('delete', () => {
    it('deletes the comment', async () => {
      repository.deleteById.mockResolvedValue(true);

      await service.delete(ID);

      expect(repository.deleteById).toHaveBeenCalledWith(ID, undefined);
    });

    it('throws CommentNotFoundError when there was nothing to delete', async () => {
      repository.deleteById.mockResolvedValue(false);

      await expect(service.delete(ID)).rejects.toBeInstanceOf(CommentNotFoundError);
    });

    it('deletes only at a version If-Match names, in the DELETE itself', async () => {
      repository.deleteById.mockResolvedValue(true);

      await service.delete(ID, [3]);

      expect(repository.deleteById).toHaveBeenCalledWith(ID, [3]);
      expect(repository.findById).not.toHaveBeenCalled();
    });

    it('throws PreconditionFailedError when If-Match matched nothing but the comment exists', async () => {
      repository.deleteById.mockResolvedValue(false);
      repository.findById.mockResolvedValue(aComment({ version: 4 }));

      await expect(service.delete(ID, [3])).rejects.toBeInstanceOf(PreconditionFailedError);
    });

    it('throws CommentNotFoundError when If-Match matched nothing because the comment is gone', async () => {
      repository.deleteById.mockResolvedValue(false);
      repository.findById.mockResolvedValue(null);

      await expect(service.delete(ID, [3])).rejects.toBeInstanceOf(CommentNotFoundError);
    });
  });
});
