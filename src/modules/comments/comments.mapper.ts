import type { CursorPage } from '../../common/pagination';
import type { Comment, CommentArticle } from './comment.entity';
import type { CommentPageResponseDto } from './dto/comment-page-response.dto';
import type { CommentArticleResponseDto, CommentResponseDto } from './dto/comment-response.dto';

export function toCommentResponse(comment: Comment): CommentResponseDto {
  return {
    id: comment.id,
    articleId: comment.articleId,
    author: comment.author,
    body: comment.body,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    version: comment.version,
    // Present only when the query joined the article (`?include=article`).
    ...(comment.article !== undefined && { article: toCommentArticleResponse(comment.article) }),
  };
}

export function toCommentArticleResponse(article: CommentArticle): CommentArticleResponseDto {
  return { id: article.id, slug: article.slug, title: article.title, status: article.status };
}

export function toCommentPageResponse(page: CursorPage<Comment>): CommentPageResponseDto {
  return { items: page.items.map(toCommentResponse), nextCursor: page.nextCursor };
}
