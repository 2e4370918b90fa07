import { Test } from '@nestjs/testing';
import { PreconditionFailedError } from '../../common/errors';
import { CursorPosition, decodeCursor } from '../../common/pagination';
import type { ListTopicsQueryDto } from './dto/list-topics-query.dto';
import type { TopicEntity } from './topic.entity';
import {
  TopicNameTakenError,
  TopicNotFoundError,
  TopicReferencedError,
  TopicVersionConflictError,
} from './topics.errors';
import { TopicsRepository } from './topics.repository';
import { TopicsService } from './topics.service';

type RepositoryMock = jest.Mocked<
  Pick<
    TopicsRepository,
    'insert' | 'findById' | 'findExistingIds' | 'findPage' | 'updateIfVersionMatches' | 'deleteById'
  >
>;

const ID = '6f1c2b7e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER_ID = '00000000-0000-4000-8000-000000000001';
const EARLIER = new Date('2026-01-01T00:00:00.000Z');

function aTopic(overrides: Partial<TopicEntity> = {}): TopicEntity {
  return { id: ID, name: 'Databases', createdAt: EARLIER, updatedAt: EARLIER, version: 3, ...overrides };
}

function aListQuery(overrides: Partial<ListTopicsQueryDto> = {}): ListTopicsQueryDto {
  return { limit: 2, sort: '-createdAt', ...overrides };
}

describe(TopicsService.name, () => {
  let repository: RepositoryMock;
  let service: TopicsService;

  beforeEach(async () => {
    repository = {
      insert: jest.fn(),
      findById: jest.fn(),
      findExistingIds: jest.fn(),
      findPage: jest.fn(),
      updateIfVersionMatches: jest.fn(),
      deleteById: jest.fn(),
    };
    const moduleRef = await Test.createTestingModule({
      providers: [TopicsService, { provide: TopicsRepository, useValue: repository }],
    }).compile();
    service = moduleRef.get(TopicsService);
  });

  describe('create', () => {
    it('inserts the topic and returns it', async () => {
      const inserted = aTopic();
      repository.insert.mockResolvedValue(inserted);

      await expect(service.create({ name: 'Databases' })).resolves.toBe(inserted);
      expect(repository.insert).toHaveBeenCalledWith({ name: 'Databases' });
    });

    it('lets a taken name surface as a domain error', async () => {
      repository.insert.mockRejectedValue(new TopicNameTakenError('Databases'));

      await expect(service.create({ name: 'Databases' })).rejects.toBeInstanceOf(TopicNameTakenError);
    });
  });

  describe('list', () => {
    it('fetches one row more than the page size, in the requested order, after the cursor', async () => {
      repository.findPage.mockResolvedValue([]);
      const cursor = new CursorPosition('createdAt', EARLIER.toISOString(), ID);

      await service.list(aListQuery({ sort: 'createdAt', cursor, limit: 5 }));

      expect(repository.findPage).toHaveBeenCalledWith({
        order: { field: 'createdAt', direction: 'ASC' },
        take: 6,
        after: cursor,
      });
    });

    it('returns at most the page size and a cursor after the last returned topic', async () => {
      const topics = [1, 2, 3].map((day) =>
        aTopic({ id: `00000000-0000-4000-8000-00000000000${day}`, createdAt: new Date(Date.UTC(2026, 0, day)) }),
      );
      repository.findPage.mockResolvedValue(topics);

      const page = await service.list(aListQuery({ limit: 2 }));

      expect(page.items).toEqual(topics.slice(0, 2));
      expect(decodeCursor(page.nextCursor!)).toEqual(
        new CursorPosition('-createdAt', '2026-01-02T00:00:00.000Z', topics[1]!.id),
      );
    });

    it('returns no cursor on the last page', async () => {
      repository.findPage.mockResolvedValue([aTopic()]);

      await expect(service.list(aListQuery())).resolves.toEqual({ items: [aTopic()], nextCursor: null });
    });
  });

  describe('get', () => {
    it('returns the topic', async () => {
      repository.findById.mockResolvedValue(aTopic());

      await expect(service.get(ID)).resolves.toEqual(aTopic());
    });

    it('throws TopicNotFoundError when the topic does not exist', async () => {
      repository.findById.mockResolvedValue(null);

      await expect(service.get(ID)).rejects.toBeInstanceOf(TopicNotFoundError);
    });
  });

  describe('findUnknownIds', () => {
    it('returns the ids that name no topic, in the order given', async () => {
      repository.findExistingIds.mockResolvedValue(new Set([ID]));

      await expect(service.findUnknownIds([OTHER_ID, ID, 'x'])).resolves.toEqual([OTHER_ID, 'x']);
    });
  });

  describe('update', () => {
    it('throws TopicNotFoundError when the topic does not exist', async () => {
      repository.findById.mockResolvedValue(null);

      await expect(service.update(ID, { name: 'New', version: 3 })).rejects.toBeInstanceOf(TopicNotFoundError);
    });

    it('throws TopicVersionConflictError without writing when the version is stale', async () => {
      repository.findById.mockResolvedValue(aTopic({ version: 4 }));

      await expect(service.update(ID, { name: 'New', version: 3 })).rejects.toBeInstanceOf(TopicVersionConflictError);
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('writes the new name conditioned on the version the client saw and returns the result', async () => {
      const updated = aTopic({ name: 'New', version: 4 });
      repository.findById.mockResolvedValue(aTopic());
      repository.updateIfVersionMatches.mockResolvedValue(updated);

      await expect(service.update(ID, { name: 'New', version: 3 })).resolves.toBe(updated);
      expect(repository.updateIfVersionMatches).toHaveBeenCalledWith(ID, 3, { name: 'New' });
    });

    it('throws TopicVersionConflictError when another writer changed the topic first', async () => {
      repository.findById.mockResolvedValue(aTopic());
      repository.updateIfVersionMatches.mockResolvedValue(null);

      await expect(service.update(ID, { name: 'New', version: 3 })).rejects.toBeInstanceOf(TopicVersionConflictError);
    });

    it('returns the topic unchanged without writing when nothing would change', async () => {
      repository.findById.mockResolvedValue(aTopic());

      await expect(service.update(ID, { name: 'Databases', version: 3 })).resolves.toEqual(aTopic());
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('throws PreconditionFailedError without writing when If-Match names another version', async () => {
      repository.findById.mockResolvedValue(aTopic({ version: 3 }));

      await expect(service.update(ID, { name: 'New', version: 3 }, [2, 4])).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      expect(repository.updateIfVersionMatches).not.toHaveBeenCalled();
    });

    it('throws PreconditionFailedError, not a conflict, when another writer won after If-Match passed', async () => {
      repository.findById.mockResolvedValue(aTopic({ version: 3 }));
      repository.updateIfVersionMatches.mockResolvedValue(null);

      await expect(service.update(ID, { name: 'New', version: 3 }, [3])).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
    });
  });

  describe('delete', () => {
    it('deletes the topic', async () => {
      repository.deleteById.mockResolvedValue(true);

      await service.delete(ID);

      expect(repository.deleteById).toHaveBeenCalledWith(ID, undefined);
    });

    it('throws TopicNotFoundError when there was nothing to delete', async () => {
      repository.deleteById.mockResolvedValue(false);

      await expect(service.delete(ID)).rejects.toBeInstanceOf(TopicNotFoundError);
    });

    it('lets a topic still in use surface as TopicReferencedError', async () => {
      repository.deleteById.mockRejectedValue(new TopicReferencedError(ID));

      await expect(service.delete(ID)).rejects.toBeInstanceOf(TopicReferencedError);
    });

    it('deletes only at a version If-Match names, in the DELETE itself', async () => {
      repository.deleteById.mockResolvedValue(true);

      await service.delete(ID, [3]);

      expect(repository.deleteById).toHaveBeenCalledWith(ID, [3]);
      expect(repository.findById).not.toHaveBeenCalled();
    });

    it('throws PreconditionFailedError when If-Match matched nothing but the topic exists', async () => {
      repository.deleteById.mockResolvedValue(false);
      repository.findById.mockResolvedValue(aTopic({ version: 4 }));

      await expect(service.delete(ID, [3])).rejects.toBeInstanceOf(PreconditionFailedError);
    });

    it('throws TopicNotFoundError when If-Match matched nothing because the topic is gone', async () => {
      repository.deleteById.mockResolvedValue(false);
      repository.findById.mockResolvedValue(null);

      await expect(service.delete(ID, [3])).rejects.toBeInstanceOf(TopicNotFoundError);
    });
  });
});
